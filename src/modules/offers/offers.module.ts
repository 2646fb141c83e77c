import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { PushModule } from '../push/push.module.js';
import { CampaignRuntime } from '../campaigns/campaign-runtime.store.js';
import { CartOffersService } from './cart-offers.service.js';
import { CartTriggerIndex } from './cart-trigger.index.js';
import { OffersMetrics } from './offers.metrics.js';
import { OfferDecider } from './offer-decider.service.js';
import { OfferRelay } from '../shopper-channel/offer-relay.service.js';
import { OfferRecordProcessor } from './offer-record.processor.js';
import { OfferSender } from './offer-sender.service.js';
import { OffersController } from './offers.controller.js';
import { OffersRepository } from './offers.repository.js';
import { OffersService } from './offers.service.js';

/**
 * Delivering offers: the atomic decision (Redis), the inbox (`GET /v1/me/offers`), the live
 * `offer` event (broadcasts through the offer relay), cart-triggered offers, and the push sends
 * that follow deliveries of push campaigns (PushModule). Campaigns (the marketer's side) builds on it.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.OfferRecord }), PushModule],
  controllers: [OffersController],
  providers: [
    OffersRepository,
    OffersService,
    CampaignRuntime,
    OfferDecider,
    OfferRelay,
    OffersMetrics,
    CartTriggerIndex,
    CartOffersService,
    OfferRecordProcessor,
    OfferSender,
  ],
  exports: [OffersService, CartOffersService, OfferRelay, OfferSender, CampaignRuntime, OffersMetrics],
})
export class OffersModule {}
