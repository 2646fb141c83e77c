import type { CampaignSpec } from './campaign.js';
import { checkCampaignSpec, namedSkus } from './campaign-rules.js';

const now = new Date('2026-11-29T10:00:00Z');

function spec(over: Partial<CampaignSpec> = {}): CampaignSpec {
  return {
    name: 'Winter coffee',
    supplierId: '00000000-0000-4000-8000-000000000001',
    offer: { title: '20 % off', body: 'Our roast', skus: ['coffee'], discount: { type: 'percent', value: 20 }, validDays: 7 },
    audience: { include: [{ categories: ['coffee'] }], exclude: [] },
    trigger: 'broadcast',
    channels: ['in_app'],
    startsAt: now,
    endsAt: new Date('2026-12-29T10:00:00Z'),
    budget: { totalCents: 10_000, costPerDeliveryCents: 10 },
    holdoutPercent: 10,
    ...over,
  };
}

const fields = (s: CampaignSpec) => checkCampaignSpec(s, now).map((f) => f.field);

describe('campaign spec checks', () => {
  it('accepts a sound campaign', () => {
    expect(checkCampaignSpec(spec(), now)).toEqual([]);
    expect(
      fields(spec({ trigger: 'cart', cartCategories: ['coffee'], quietHours: { start: '21:00', end: '08:00', timezone: 'Europe/Paris' } })),
    ).toEqual([]);
  });

  it('wants dates in order and an end in the future', () => {
    expect(fields(spec({ endsAt: now }))).toEqual(['endsAt']);
    expect(fields(spec({ startsAt: new Date('2026-01-01'), endsAt: new Date('2026-02-01') }))).toEqual(['endsAt']);
  });

  it('checks quiet hours and their zone', () => {
    expect(fields(spec({ quietHours: { start: '25:00', end: '8:00', timezone: 'Paris' } }))).toEqual([
      'quietHours.start',
      'quietHours.end',
      'quietHours.timezone',
    ]);
  });

  it('checks trigger, budget, discount, channels and rules', () => {
    expect(fields(spec({ trigger: 'cart' }))).toEqual(['cartSkus']);
    expect(fields(spec({ cartSkus: ['x'] }))).toEqual(['cartSkus']);
    expect(fields(spec({ budget: { totalCents: 5, costPerDeliveryCents: 10 } }))).toEqual(['budget.costPerDeliveryCents']);
    expect(fields(spec({ offer: { ...spec().offer, discount: { type: 'percent', value: 150 } } }))).toEqual(['offer.discount.value']);
    expect(fields(spec({ channels: ['in_app', 'in_app'] }))).toEqual(['channels']);
    expect(fields(spec({ audience: { include: [{ withinDays: 30 }], exclude: [{}] } }))).toEqual([
      'audience.include.0',
      'audience.exclude.0',
    ]);
  });

  it('lists the skus to look up, the offered ones needing an active product', () => {
    const named = namedSkus(
      spec({ audience: { include: [{ skus: ['beans'] }], exclude: [{ skus: ['decaf'] }] }, trigger: 'cart', cartSkus: ['filter'] }),
    );
    expect(named).toEqual([
      { field: 'offer.skus.0', sku: 'coffee', mustBeActive: true },
      { field: 'cartSkus.0', sku: 'filter', mustBeActive: false },
      { field: 'audience.include.0.skus.0', sku: 'beans', mustBeActive: false },
      { field: 'audience.exclude.0.skus.0', sku: 'decaf', mustBeActive: false },
    ]);
  });
});
