import { Module } from '@nestjs/common';
import { ShopperChannelMetrics } from './shopper-channel.metrics.js';
import { ShopperPresence } from './shopper-presence.service.js';
import { ShopperPublisher } from './shopper-publisher.service.js';

/**
 * The one way to reach a shopper's devices (the `/carts` namespace, shopper rooms, presence and
 * the relay between instances). Carts, reminders and offers all go out through ShopperPublisher.
 */
@Module({
  providers: [ShopperPublisher, ShopperPresence, ShopperChannelMetrics],
  exports: [ShopperPublisher, ShopperPresence],
})
export class ShopperChannelModule {}
