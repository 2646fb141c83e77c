import { Global, Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { DatabasePools } from './database-pools.js';
import { PrismaService } from './prisma.service.js';

/**
 * PostgreSQL for every module: Prisma, and the node-postgres pools of the bulk paths. Metrics
 * come with it (which server answered each report and export), operator commands included.
 */
@Global()
@Module({ imports: [MetricsModule], providers: [PrismaService, DatabasePools], exports: [PrismaService, DatabasePools] })
export class DatabaseModule {}
