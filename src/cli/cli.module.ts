import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { PrismaModule } from '../infra/prisma/prisma.module.js';
import { IdentityModule } from '../modules/identity/identity.module.js';

/** The few providers operator commands need: no HTTP, no sockets, no queues. */
@Module({ imports: [ConfigModule, PrismaModule, IdentityModule] })
export class CliModule {}
