import { toConsentHistoryEntry, toConsentsResponse } from '../../consent/dto/consent.dto.js';
import type { ShopperData } from '../shopper-data.service.js';

/** The JSON document of `GET /v1/me/data` and `POST /v1/privacy/export` (dates as ISO strings). */
export function toShopperDataResponse(data: ShopperData): Record<string, unknown> {
  return {
    consents: toConsentsResponse(data.consents).consents,
    consentHistory: data.consentHistory.map(toConsentHistoryEntry),
    purchases: data.purchases.map((p) => ({
      orderId: p.orderId,
      purchasedAt: p.purchasedAt.toISOString(),
      channel: p.channel,
      storeId: p.storeId,
      items: p.items,
    })),
    cart: data.cart,
    profile: {
      orders: data.profile.orders,
      firstOrderAt: data.profile.firstOrderAt?.toISOString() ?? null,
      lastOrderAt: data.profile.lastOrderAt?.toISOString() ?? null,
      items: data.profile.items.map((i) => ({ ...i, firstBoughtAt: i.firstBoughtAt.toISOString(), lastBoughtAt: i.lastBoughtAt.toISOString() })),
    },
    dismissedReminders: data.dismissedReminders.map((d) => ({ sku: d.sku, until: d.until.toISOString() })),
    deliveries: data.deliveries.map((d) => ({ ...d, deliveredAt: d.deliveredAt.toISOString() })),
    devices: data.devices.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
  };
}
