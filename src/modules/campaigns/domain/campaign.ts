import type { QuietHours } from '../../../common/time/quiet-hours.js';

/** The lifecycle statuses of the contract. */
export enum CampaignStatus {
  Draft = 'draft',
  Scheduled = 'scheduled',
  Running = 'running',
  Paused = 'paused',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export type CampaignTrigger = 'broadcast' | 'cart';
export type Channel = 'in_app' | 'push';
export type DiscountType = 'percent' | 'amount';

/** A shopper matches when they bought any of its skus, categories or brands in ≥ minPurchases orders within withinDays. */
export interface AudienceRule {
  skus?: string[];
  categories?: string[];
  brands?: string[];
  withinDays?: number;
  minPurchases?: number;
}

export interface OfferSpec {
  title: string;
  body: string;
  skus: string[];
  discount: { type: DiscountType; value: number };
  validDays: number;
}

export interface FrequencyCap {
  max: number;
  perHours: number;
}

/** What the marketer asks for: the body of POST /v1/campaigns, validated. */
export interface CampaignSpec {
  name: string;
  supplierId: string;
  offer: OfferSpec;
  audience: { include: AudienceRule[]; exclude: AudienceRule[] };
  trigger: CampaignTrigger;
  cartSkus?: string[];
  cartCategories?: string[];
  channels: Channel[];
  startsAt: Date;
  endsAt: Date;
  budget: { totalCents: number; costPerDeliveryCents: number };
  frequencyCap?: FrequencyCap;
  quietHours?: QuietHours;
  holdoutPercent: number;
  /** Push to a shopper whose app is connected too (else the in-app offer alone reaches them). */
  pushWhenConnected?: boolean;
}

export interface Campaign {
  id: string;
  status: CampaignStatus;
  spec: CampaignSpec;
  createdAt: Date;
  updatedAt: Date;
  launchedAt: Date | null;
  /** When the launch job fixed the audience (null before: the launch answers before a large audience is fixed). */
  audienceFixedAt: Date | null;
  dispatchCompletedAt: Date | null;
}

/** A rule's `minPurchases` when the marketer left it out (public contract: `minPurchases? = 1`). */
export const DEFAULT_MIN_PURCHASES = 1;

/** The rule as it acts: its defaults filled in. */
export function effectiveRule(rule: AudienceRule): AudienceRule {
  return { ...rule, minPurchases: rule.minPurchases ?? DEFAULT_MIN_PURCHASES };
}

/** The purposes a shopper must have granted to receive the campaign (push alone also needs push_marketing). */
export function requiredPurposes(channels: readonly Channel[]): Array<'targeted_offers' | 'push_marketing'> {
  return channels.includes('in_app') ? ['targeted_offers'] : ['targeted_offers', 'push_marketing'];
}
