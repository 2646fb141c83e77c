import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../infra/database/database.module.js';
import { IdentityModule } from '../modules/identity/identity.module.js';

/** The few providers operator commands need: no HTTP, no sockets, no queues. */
@Module({ imports: [ConfigModule, DatabaseModule, IdentityModule] })
export class CliModule {}
