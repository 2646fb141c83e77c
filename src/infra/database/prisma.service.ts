import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';

/** The one PostgreSQL client: Prisma 7 over node-postgres, closed last on shutdown. */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(config: AppConfig) {
    super({
      adapter: new PrismaPg({ connectionString: config.database.url, max: config.database.poolSize }),
    });
  }

  /** After the HTTP server and workers have drained (Nest closes them before this hook). */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }

  async ping(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }
}
