import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { OffersModule } from '../offers/offers.module.js';
import { ProfilesModule } from '../profiles/profiles.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { ShopperChannelModule } from '../shopper-channel/shopper-channel.module.js';
import { CartEventDispatcher } from './cart-event.dispatcher.js';
import { CartStore } from './cart.store.js';
import { CartsGateway } from './carts.gateway.js';
import { CartsService } from './carts.service.js';
import { ProductInfoCache } from './product-info.cache.js';

@Module({
  imports: [AuthModule, ConsentModule, ProfilesModule, RemindersModule, CatalogModule, PurchasesModule, OffersModule, ShopperChannelModule],
  providers: [CartsGateway, CartsService, CartStore, ProductInfoCache, CartEventDispatcher],
  exports: [CartsService],
})
export class CartsModule {}
