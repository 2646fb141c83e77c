import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { AuditModule } from '../audit/audit.module.js';
import { CartsModule } from '../carts/carts.module.js';
import { ProfilesModule } from '../profiles/profiles.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { OffersModule } from '../offers/offers.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ErasureProcessor } from './erasure.processor.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionProcessor, RetentionScheduler } from './retention.processor.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';
import { ShopperDataController } from './shopper-data.controller.js';
import { ShopperErasureController } from './shopper-erasure.controller.js';
import { ShopperDataService } from './shopper-data.service.js';

@Module({
  imports: [
    AuthModule,
    IdentityModule,
    ConsentModule,
    AuditModule,
    PurchasesModule,
    ProfilesModule,
    CartsModule,
    OffersModule,
    DevicesModule,
    BullModule.registerQueue({ name: QueueName.Erasure }, { name: QueueName.Retention }),
  ],
  controllers: [PrivacyController, ShopperDataController, ShopperErasureController],
  providers: [
    PrivacyService,
    ShopperDataService,
    ErasureRepository,
    ErasureService,
    ErasureProcessor,
    RetentionRepository,
    RetentionService,
    RetentionScheduler,
    RetentionProcessor,
  ],
  exports: [PrivacyService],
})
export class PrivacyModule {}
