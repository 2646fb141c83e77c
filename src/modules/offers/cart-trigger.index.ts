import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { CartCampaign } from './domain/live-campaign.js';
import { LiveCampaigns } from './live-campaigns.store.js';

/**
 * Per instance, in memory: which live cart-triggered campaigns each sku and category fires, so a
 * cart change that triggers nothing costs no I/O at all. Reloaded from Redis every
 * CAMPAIGN_CART_REFRESH_MS: a launch reaches every instance within that; a pause or cancel is
 * effective at once anyway, since the decision script checks the status.
 */
@Injectable()
export class CartTriggerIndex implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CartTriggerIndex.name);
  private bySku = new Map<string, CartCampaign[]>();
  private byCategory = new Map<string, CartCampaign[]>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly live: LiveCampaigns,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.campaigns.cartRefreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** No live cart-triggered campaign: the cart path skips the check altogether. */
  get empty(): boolean {
    return this.bySku.size === 0 && this.byCategory.size === 0;
  }

  /** The campaigns a cart holding these skus and categories triggers, each once. */
  matching(skus: readonly string[], categories: readonly string[]): CartCampaign[] {
    const found = new Map<string, CartCampaign>();
    for (const sku of skus) for (const c of this.bySku.get(sku) ?? []) found.set(c.id, c);
    for (const category of categories) for (const c of this.byCategory.get(category) ?? []) found.set(c.id, c);
    return [...found.values()];
  }

  async refresh(): Promise<void> {
    try {
      const campaigns = await this.live.cartCampaigns();
      const bySku = new Map<string, CartCampaign[]>();
      const byCategory = new Map<string, CartCampaign[]>();
      for (const c of campaigns) {
        for (const sku of c.cartSkus) bySku.set(sku, [...(bySku.get(sku) ?? []), c]);
        for (const category of c.cartCategories) byCategory.set(category, [...(byCategory.get(category) ?? []), c]);
      }
      this.bySku = bySku;
      this.byCategory = byCategory;
    } catch (error) {
      this.logger.warn({ err: error }, 'cart trigger refresh failed; keeping the previous triggers');
    }
  }
}
