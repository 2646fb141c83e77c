/** What a push notification of an offer says: the offer's words and where it leads. */
export interface PushMessage {
  title: string;
  body: string;
  /**
   * For the app to open the offer: flat strings only, as FCM's and APNs' custom data want them.
   * `skus` is comma-joined, `discount` is `percent:20` or `amount:150` (cents).
   */
  data: Record<string, string>;
}

export interface OfferForPush {
  deliveryId: string;
  campaignId: string;
  supplierName: string;
  title: string;
  body: string;
  skus: string[];
  discount: { type: 'percent' | 'amount'; value: number };
  expiresAt: Date;
}

/** The message for one delivery (the same for every device of the shopper). */
export function toPushMessage(offer: OfferForPush): PushMessage {
  return {
    title: offer.title,
    body: offer.body,
    data: {
      type: 'offer',
      deliveryId: offer.deliveryId,
      campaignId: offer.campaignId,
      supplier: offer.supplierName,
      skus: offer.skus.join(','),
      discount: `${offer.discount.type}:${offer.discount.value}`,
      expiresAt: offer.expiresAt.toISOString(),
    },
  };
}

/** The JSON body the push gateway receives (README, "Push offers"). */
export function gatewayBody(platform: 'ios' | 'android', token: string, message: PushMessage): string {
  return JSON.stringify({ platform, token, title: message.title, body: message.body, data: message.data });
}

/** The Web Push payload (encrypted to the subscription by web-push): the service worker shows it. */
export function webPushPayload(message: PushMessage): string {
  return JSON.stringify({ title: message.title, body: message.body, data: message.data });
}
