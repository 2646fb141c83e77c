import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CartsModule } from '../carts/carts.module.js';
import { ProfilesModule } from '../profiles/profiles.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';
import { ShopperDataController } from './shopper-data.controller.js';
import { ShopperDataService } from './shopper-data.service.js';

@Module({
  imports: [IdentityModule, ConsentModule, AuditModule, PurchasesModule, ProfilesModule, CartsModule, DeliveryModule],
  controllers: [PrivacyController, ShopperDataController],
  providers: [PrivacyService, ShopperDataService],
  exports: [PrivacyService],
})
export class PrivacyModule {}
