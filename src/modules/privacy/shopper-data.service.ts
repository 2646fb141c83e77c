import { Injectable } from '@nestjs/common';
import { CartsService } from '../carts/carts.service.js';
import type { Cart } from '../carts/domain/cart.js';
import { ConsentService } from '../consent/consent.service.js';
import { DevicesService } from '../devices/devices.service.js';
import { OffersService } from '../offers/offers.service.js';
import type { ConsentDecision, ConsentState } from '../consent/domain/consent.js';
import { typicalIntervalDays } from '../profiles/domain/habit-profile.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import type { PurchaseRecord } from '../purchases/purchases.repository.js';
import { PurchasesService } from '../purchases/purchases.service.js';

/** The habit profile as a shopper (or a regulator) reads it. */
export interface ProfileView {
  orders: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  items: Array<{
    sku: string;
    timesBought: number;
    firstBoughtAt: Date;
    lastBoughtAt: Date;
    typicalIntervalDays: number | null;
    recencyWeight: number;
  }>;
}

/**
 * Everything Panier holds about one shopper (GDPR Art. 15): the same document for the shopper's
 * own `GET /v1/me/data` and the privacy officer's export. Each capability adds its part here.
 */
export interface ShopperData {
  consents: ConsentState;
  consentHistory: ConsentDecision[];
  purchases: PurchaseRecord[];
  cart: Cart;
  profile: ProfileView;
  dismissedReminders: Array<{ sku: string; until: Date }>;
  /**
   * `pushStatus` (an extension): what became of the delivery's push, null when the campaign asked for
   * none; `consentPosition`: the consent ledger position the delivery decision read (its proof).
   */
  deliveries: Array<{
    deliveryId: string;
    campaignId: string;
    channel: string;
    deliveredAt: Date;
    pushStatus: string | null;
    consentPosition: string | null;
  }>;
  devices: Array<{ id: string; platform: string; provider: string; createdAt: Date }>;
}

@Injectable()
export class ShopperDataService {
  constructor(
    private readonly consent: ConsentService,
    private readonly purchases: PurchasesService,
    private readonly carts: CartsService,
    private readonly profiles: ProfilesService,
    private readonly offers: OffersService,
    private readonly devices: DevicesService,
  ) {}

  async collect(pseudonym: string): Promise<ShopperData> {
    const [consents, consentHistory, purchases, snapshot, stored, deliveries, devices] = await Promise.all([
      this.consent.state(pseudonym),
      this.consent.history(pseudonym),
      this.purchases.listForShopper(pseudonym),
      this.carts.snapshot(pseudonym),
      this.profiles.load(pseudonym),
      this.offers.deliveriesOf(pseudonym),
      this.devices.list(pseudonym),
    ]);
    const profile = stored.profile;
    return {
      consents,
      consentHistory,
      purchases,
      cart: snapshot.cart,
      profile: {
        orders: profile.orders,
        firstOrderAt: profile.orders ? new Date(profile.firstOrderAt) : null,
        lastOrderAt: profile.orders ? new Date(profile.lastOrderAt) : null,
        items: [...profile.items.values()].map((h) => ({
          sku: h.sku,
          timesBought: h.timesBought,
          firstBoughtAt: new Date(h.firstBoughtAt),
          lastBoughtAt: new Date(h.lastBoughtAt),
          typicalIntervalDays: typicalIntervalDays(h) ?? null,
          recencyWeight: h.recencyWeight,
        })),
      },
      dismissedReminders: snapshot.dismissed,
      deliveries,
      devices,
    };
  }
}
