import type { OfferTemplate } from '../../shopper-channel/domain/offer-payload.js';

/** What the send path needs of a live campaign, kept in Redis so that no send reads PostgreSQL. */
export interface LiveCampaign {
  id: string;
  status: string;
  trigger: 'broadcast' | 'cart';
  budgetCents: number;
  costCents: number;
  capMax: number;
  capMs: number;
  endsAt: Date;
  /** `purpose=default` pairs for the decision script (default '1' = legitimate interest). */
  purposes: string;
  /** The campaign offers in-app (inbox and `offer` event); without it, push is its only channel. */
  inApp: boolean;
  /** Push was asked for (sent when a provider is configured, else recorded `unavailable`). */
  wantsPush: boolean;
  template: OfferTemplate;
  /** Cart triggers: the skus (categories expanded through the catalog at launch) and categories. */
  cartSkus: string[];
  cartCategories: string[];
}

/** What a cart-triggered send reads of its campaign. */
export type CartCampaign = Pick<
  LiveCampaign,
  'id' | 'cartSkus' | 'cartCategories' | 'template' | 'purposes' | 'costCents' | 'inApp' | 'wantsPush'
>;

/** What a broadcast send reads of its campaign. */
export type SendingCampaign = Omit<CartCampaign, 'cartSkus' | 'cartCategories'>;
