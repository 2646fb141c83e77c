import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { ProfilesModule } from '../profiles/profiles.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { CartEventDispatcher } from './cart-event-dispatcher.js';
import { CartPresence } from './cart-presence.js';
import { CartStore } from './cart-store.js';
import { CartsGateway } from './carts.gateway.js';
import { CartsPublisher } from './carts.publisher.js';
import { CartsService } from './carts.service.js';
import { ProductInfoCache } from './product-info.cache.js';

@Module({
  imports: [AuthModule, ConsentModule, ProfilesModule, RemindersModule, CatalogModule, PurchasesModule, DeliveryModule],
  providers: [CartsGateway, CartsService, CartStore, CartPresence, CartsPublisher, ProductInfoCache, CartEventDispatcher],
  exports: [CartsService, CartsPublisher],
})
export class CartsModule {}
