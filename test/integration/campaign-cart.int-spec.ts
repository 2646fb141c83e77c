import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { CatalogService } from '../../src/modules/catalog/catalog.service.js';
import { CampaignStatusService } from '../../src/modules/campaigns/campaign-status.service.js';
import { CampaignsService } from '../../src/modules/campaigns/campaigns.service.js';
import type { CreateCampaignDto } from '../../src/modules/campaigns/dto/campaign.dto.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { ConsentService } from '../../src/modules/consent/consent.service.js';
import { OfferDecider } from '../../src/modules/offers/offer-decider.service.js';
import { CartOffersService } from '../../src/modules/offers/cart-offers.service.js';
import { CartTriggerIndex } from '../../src/modules/offers/cart-trigger.index.js';
import { deliveryIdOf } from '../../src/modules/shopper-channel/domain/offer-payload.js';
import { SuppliersService } from '../../src/modules/suppliers/suppliers.service.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { campaignBody } from '../support/campaigns.js';
import { testContext } from '../support/fixtures.js';
import { seedShoppers } from '../support/shoppers.js';
import { waitFor } from '../support/wait.js';

/** The seam CartsService calls after every cart change: decide and record cart-triggered offers. */

/** The live path passes what its product cache knows; here every offered product is active. */
const allActive = () => Promise.resolve(true);
describe('cart-triggered campaigns (CartOffersService on real Redis and PostgreSQL)', () => {
  const context = testContext().withDatabase();
  let ctx: INestApplicationContext;
  let db: pg.Pool;
  let cartOffers: CartOffersService;
  let campaignId: string;
  let inAudience: string[];
  let outsider: string;

  beforeAll(async () => {
    ({ ctx, db } = await context.start());
    cartOffers = ctx.get(CartOffersService);
    const supplier = await ctx.get(SuppliersService).create('Cart Brand');
    await ctx.get(CatalogService).upsert([
      { sku: 'ct-offer', name: 'Offer', category: null, brand: null, supplierId: supplier.id, active: true },
      { sku: 'ct-history', name: 'History', category: null, brand: null, supplierId: null, active: true },
      { sku: 'ct-trigger', name: 'Trigger', category: null, brand: null, supplierId: null, active: true },
      { sku: 'ct-pasta', name: 'Pasta', category: 'ct-pasta-aisle', brand: null, supplierId: null, active: true },
    ]);
    inAudience = await seedShoppers(db, 5, ['ct-history']);
    [outsider] = await seedShoppers(db, 1, ['ct-history'], { consent: false });
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const body = campaignBody(supplier.id, {
      trigger: 'cart',
      cartSkus: ['ct-trigger'],
      cartCategories: ['ct-pasta-aisle'],
      audience: { include: [{ skus: ['ct-history'] }] },
      offer: {
        title: 'Sauce for your pasta',
        body: 'Half price',
        skus: ['ct-offer'],
        discount: { type: 'percent', value: 50 },
        validDays: 2,
      },
      // Quiet hours do not apply to a shopper who is shopping.
      quietHours: { start: hhmm(new Date(Date.now() - 3_600_000)), end: hhmm(new Date(Date.now() + 3_600_000)), timezone: 'UTC' },
    }) as unknown as CreateCampaignDto;
    campaignId = (await ctx.get(CampaignsService).create(body)).id;
    await ctx.get(CampaignStatusService).apply(campaignId, 'launch');
    await ctx.get(CartTriggerIndex).refresh();
  }, 60_000);
  afterAll(() => context.close());

  it('offers nothing, without any I/O, for a cart that triggers no campaign', async () => {
    expect(await cartOffers.onCartChanged(inAudience[0], { skus: ['milk'], categories: ['dairy'] }, allActive)).toEqual([]);
  });

  it('offers once when the cart comes to hold a trigger sku, and stores the delivery', async () => {
    const p = inAudience[0];
    const [offer, ...more] = await cartOffers.onCartChanged(p, { skus: ['milk', 'ct-trigger'], categories: [] }, allActive);
    expect(more).toEqual([]);
    expect(offer).toMatchObject({
      deliveryId: deliveryIdOf(campaignId, p),
      campaignId,
      supplier: { name: 'Cart Brand' },
      skus: ['ct-offer'],
      discount: { type: 'percent', value: 50 },
    });
    expect(await cartOffers.onCartChanged(p, { skus: ['ct-trigger'], categories: [] }, allActive)).toEqual([]);
    const row = await waitFor(
      async () =>
        (
          await db.query('SELECT id::text AS id, delivered_at FROM offer_deliveries WHERE campaign_id = $1 AND pseudonym = $2', [
            campaignId,
            p,
          ])
        ).rows[0],
      5000,
    );
    expect(row).toEqual({ id: offer.deliveryId, delivered_at: new Date(offer.deliveredAt) });
  });

  it('fires on a trigger category, by category or through its skus', async () => {
    expect(await cartOffers.onCartChanged(inAudience[1], { skus: ['ct-pasta'], categories: [] }, allActive)).toHaveLength(1);
    expect(await cartOffers.onCartChanged(inAudience[2], { skus: ['unknown'], categories: ['ct-pasta-aisle'] }, allActive)).toHaveLength(1);
  });

  it('offers nothing outside the audience or without consent, and asks again after consent is given', async () => {
    expect(await cartOffers.onCartChanged(outsider, { skus: ['ct-trigger'], categories: [] }, allActive)).toEqual([]);
    const consent = ctx.get(ConsentService);
    const p = inAudience[3];
    await consent.update(p, { choices: { targeted_offers: false }, source: 'app', actor: 'shopper' });
    expect(await cartOffers.onCartChanged(p, { skus: ['ct-trigger'], categories: [] }, allActive)).toEqual([]);
    await consent.update(p, { choices: { targeted_offers: true }, source: 'app', actor: 'shopper' });
    expect(await cartOffers.onCartChanged(p, { skus: ['ct-trigger'], categories: [] }, allActive)).toHaveLength(1);
  });

  it('fills a missing consent cache with the version a later withdrawal supersedes', async () => {
    const [p] = await seedShoppers(db, 1, ['ct-history'], { consent: false });
    const consent = ctx.get(ConsentService);
    await consent.update(p, { choices: { targeted_offers: true }, source: 'app', actor: 'shopper' });
    const redis = ctx.get(RedisService).client;
    const key = RedisKeys.consent(p);
    const written = await redis.hget(key, 'v');
    await redis.del(key); // the cache entry expired
    // The decision reads consent from PostgreSQL and caches it (p is decided directly, audience unchecked).
    await ctx.get(OfferDecider).decide(campaignId, [p], { purposes: 'targeted_offers=0', checkAudience: false });
    expect(await redis.hget(key, 'v')).toBe(written);
    await consent.update(p, { choices: { targeted_offers: false }, source: 'app', actor: 'shopper' });
    expect(await redis.hget(key, 'targeted_offers')).toBe('0');
  });

  it('stops at once when the campaign is paused', async () => {
    await ctx.get(CampaignStatusService).apply(campaignId, 'pause');
    expect(await cartOffers.onCartChanged(inAudience[4], { skus: ['ct-trigger'], categories: [] }, allActive)).toEqual([]);
    await ctx.get(CampaignStatusService).apply(campaignId, 'resume');
    expect(await cartOffers.onCartChanged(inAudience[4], { skus: ['ct-trigger'], categories: [] }, allActive)).toHaveLength(1);
  });

  it('decides nothing for a push-only campaign while push is not configured (nothing charged)', async () => {
    const supplier = await ctx.get(SuppliersService).create('Push Brand');
    await ctx.get(CatalogService).upsert([
      { sku: 'ct-push-offer', name: 'Offer', category: null, brand: null, supplierId: supplier.id, active: true },
      { sku: 'ct-push-trigger', name: 'Trigger', category: null, brand: null, supplierId: null, active: true },
    ]);
    const body = campaignBody(supplier.id, {
      trigger: 'cart',
      channels: ['push'],
      cartSkus: ['ct-push-trigger'],
      audience: { include: [{ skus: ['ct-history'] }] },
      offer: { title: 'Push only', body: 'Half price', skus: ['ct-push-offer'], discount: { type: 'percent', value: 50 }, validDays: 2 },
    }) as unknown as CreateCampaignDto;
    const id = (await ctx.get(CampaignsService).create(body)).id;
    await ctx.get(CampaignStatusService).apply(id, 'launch');
    await ctx.get(CartTriggerIndex).refresh();
    expect(await cartOffers.onCartChanged(inAudience[1], { skus: ['ct-push-trigger'], categories: [] }, allActive)).toEqual([]);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM offer_deliveries WHERE campaign_id = $1', [id]);
    expect(rows[0].n).toBe(0);
  });
});
