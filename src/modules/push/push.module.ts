import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { ConsentModule } from '../consent/consent.module.js';
import { OfferChargesModule } from '../delivery/offer-charges.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { PushMetrics } from './push-metrics.js';
import { PushProviders } from './push-providers.js';
import { PushRepository } from './push.repository.js';
import { PushSender } from './push.sender.js';
import { PushService } from './push.service.js';
import { PushWorker } from './push.worker.js';

/**
 * Push offers: one queued send per delivery of a push campaign, to every registered device of the
 * shopper, through the provider configured for the platform (Web Push with VAPID, the retailer's
 * gateway for native apps), with retries and dead-token clean-up; a push-only delivery that
 * reached no device gets its charge back (OfferChargesModule). The delivery module enqueues.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Push }), ConsentModule, DevicesModule, OfferChargesModule],
  providers: [PushProviders, PushRepository, PushMetrics, PushSender, PushService, PushWorker],
  exports: [PushService],
})
export class PushModule {}
