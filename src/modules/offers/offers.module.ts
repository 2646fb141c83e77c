import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PERSONAL_QUEUE_EVENTS } from '../../infra/queue/personal-jobs.js';
import { QueueName } from '../../infra/queue/queue-names.js';
import { PushModule } from '../push/push.module.js';
import { CartOffersService } from './cart-offers.service.js';
import { CartTriggerIndex } from './cart-trigger.index.js';
import { OffersMetrics } from './offers.metrics.js';
import { OfferDecider } from './offer-decider.service.js';
import { ShopperChannelModule } from '../shopper-channel/shopper-channel.module.js';
import { LiveCampaigns } from './live-campaigns.store.js';
import { OfferRecordProcessor } from './offer-record.processor.js';
import { OfferSender } from './offer-sender.service.js';
import { OffersController } from './offers.controller.js';
import { OffersRepository } from './offers.repository.js';
import { OffersService } from './offers.service.js';

/**
 * What a shopper receives: the live campaigns as sends read them, the atomic decision (Redis),
 * delivery records, the inbox (`GET /v1/me/offers`), the live `offer` event (through the shopper
 * channel), cart-triggered offers, and the push sends that follow deliveries of push campaigns
 * (PushModule). Campaigns (the marketer's side) builds on it.
 */
@Module({
  imports: [
    BullModule.registerQueue({ name: QueueName.OfferRecord, streams: { events: { maxLen: PERSONAL_QUEUE_EVENTS } } }),
    PushModule,
    ShopperChannelModule,
  ],
  controllers: [OffersController],
  providers: [
    OffersRepository,
    OffersService,
    LiveCampaigns,
    OfferDecider,
    OffersMetrics,
    CartTriggerIndex,
    CartOffersService,
    OfferRecordProcessor,
    OfferSender,
  ],
  exports: [OffersService, CartOffersService, OfferSender, LiveCampaigns, OffersMetrics],
})
export class OffersModule {}
