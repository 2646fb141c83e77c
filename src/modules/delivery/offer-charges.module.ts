import { Module } from '@nestjs/common';
import { OfferCharges } from './offer-charges.js';

/**
 * Giving back delivery charges (OfferCharges), apart from DeliveryModule so that PushModule,
 * which DeliveryModule imports, can use it without an import cycle.
 */
@Module({
  providers: [OfferCharges],
  exports: [OfferCharges],
})
export class OfferChargesModule {}
