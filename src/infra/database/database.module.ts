import { Global, Module } from '@nestjs/common';
import { DatabasePools } from './database-pools.js';
import { PrismaService } from './prisma.service.js';

/** PostgreSQL for every module: Prisma, and the node-postgres pools of the bulk paths. */
@Global()
@Module({ providers: [PrismaService, DatabasePools], exports: [PrismaService, DatabasePools] })
export class DatabaseModule {}
