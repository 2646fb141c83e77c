import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PERSONAL_QUEUE_EVENTS } from '../../infra/queue/personal-jobs.js';
import { QueueName } from '../../infra/queue/queue-names.js';
import { ConsentModule } from '../consent/consent.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { ShopperChannelModule } from '../shopper-channel/shopper-channel.module.js';
import { PushController } from './push.controller.js';
import { PushMetrics } from './push.metrics.js';
import { PushProviders } from './push-providers.service.js';
import { PushRepository } from './push.repository.js';
import { PushSender } from './push.sender.js';
import { PushService } from './push.service.js';
import { PushProcessor } from './push.processor.js';

/**
 * Push offers: one queued send per delivery of a push campaign, to every registered device of the
 * shopper, through the provider each device names (APNs, FCM, Web Push with VAPID, the retailer's
 * gateway), with retries and dead-token clean-up; a push-only delivery that
 * reached no device is published as DeliveriesUnshownEvent (campaigns give the charge back).
 * The offers module enqueues.
 */
@Module({
  imports: [
    BullModule.registerQueue({ name: QueueName.Push, streams: { events: { maxLen: PERSONAL_QUEUE_EVENTS } } }),
    ConsentModule,
    DevicesModule,
    ShopperChannelModule,
  ],
  controllers: [PushController],
  providers: [PushProviders, PushRepository, PushMetrics, PushSender, PushService, PushProcessor],
  exports: [PushService],
})
export class PushModule {}
