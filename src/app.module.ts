import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './common/http/idempotency.interceptor.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { ConfigModule } from './config/config.module.js';
import { MetricsModule } from './infra/metrics/metrics.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { EventsModule } from './infra/events/events.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { AccessGuard } from './modules/auth/access.guard.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';
import { CartsModule } from './modules/carts/carts.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { ConsentModule } from './modules/consent/consent.module.js';
import { OffersModule } from './modules/offers/offers.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { DevicesModule } from './modules/devices/devices.module.js';
import { InsightsModule } from './modules/insights/insights.module.js';
import { OperationsModule } from './modules/operations/operations.module.js';
import { PrivacyModule } from './modules/privacy/privacy.module.js';
import { ProfilesModule } from './modules/profiles/profiles.module.js';
import { PurchasesModule } from './modules/purchases/purchases.module.js';
import { QueueDashboardModule } from './modules/queue-dashboard/queue-dashboard.module.js';
import { SuppliersModule } from './modules/suppliers/suppliers.module.js';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    EventsModule,
    QueueModule,
    MetricsModule,
    AuthModule,
    ApiKeysModule,
    SuppliersModule,
    CatalogModule,
    PurchasesModule,
    ProfilesModule,
    ConsentModule,
    PrivacyModule,
    CartsModule,
    OffersModule,
    DevicesModule,
    InsightsModule,
    CampaignsModule,
    OperationsModule,
    QueueDashboardModule,
    DemoModule,
  ],
  providers: [
    // The guard is wired here, where both its parts meet: auth's checks and api-keys' authenticator.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
