import { createHash } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { CampaignStatusService } from '../../modules/campaigns/campaign-status.service.js';
import { CampaignsService } from '../../modules/campaigns/campaigns.service.js';
import { CampaignStatus } from '../../modules/campaigns/domain/campaign.js';
import type { CampaignAction } from '../../modules/campaigns/domain/campaign-lifecycle.js';
import type { CreateCampaignDto } from '../../modules/campaigns/dto/campaign.dto.js';
import type { DemoWorld } from '../../modules/demo/domain/demo-world.js';
import { IdentityService } from '../../modules/identity/identity.service.js';
import { PurchasesService } from '../../modules/purchases/purchases.service.js';

const DAY_MS = 86_400_000;
/** How long the seed waits for the completed campaign's fan-out (the service finishes it otherwise). */
const DISPATCH_WAIT_MS = 120_000;
/** Share of each group that buys the offered product after the launch: the offer lifts it. */
const CONVERSION = { treatment: 0.24, holdout: 0.12 };

interface Plan {
  name: string;
  supplier: string;
  brand: string;
  category: string;
  title: string;
  trigger: 'broadcast' | 'cart';
  /** Days from now to the start (negative: already started). */
  startsInDays: number;
  actions: Array<Exclude<CampaignAction, 'edit' | 'start' | 'complete'>>;
  /** Wait for the fan-out, then record the purchases that convert. */
  completes?: boolean;
}

/** One campaign in each state of the contract, each for another supplier. */
const PLANS: readonly Plan[] = [
  {
    name: 'Alpine Meadow dairy week',
    supplier: 'Alpine Dairy Co.',
    brand: 'Alpine Meadow',
    category: 'dairy',
    title: '20% off Alpine Meadow',
    trigger: 'broadcast',
    startsInDays: 0,
    actions: ['launch'],
    completes: true,
  },
  {
    name: 'Roastery No. 7 with your coffee',
    supplier: 'Sunrise Beverages',
    brand: 'Roastery No. 7',
    category: 'drinks',
    title: 'Fresh beans, 20% off',
    trigger: 'cart',
    startsInDays: 0,
    actions: ['launch'],
  },
  {
    name: 'Happy Paws treats',
    supplier: 'Happy Paws Petfoods',
    brand: 'Happy Paws',
    category: 'pet',
    title: 'A treat for your pet, 20% off',
    trigger: 'cart',
    startsInDays: 0,
    actions: ['launch', 'pause'],
  },
  {
    name: 'Green Valley fruit fortnight',
    supplier: 'Green Valley Organic',
    brand: 'Green Valley',
    category: 'fruit',
    title: 'Organic fruit, 20% off',
    trigger: 'broadcast',
    startsInDays: 7,
    actions: ['launch'],
  },
  {
    name: 'Crunchtime movie night',
    supplier: 'Crunchtime Snacks',
    brand: 'Crunchtime',
    category: 'snacks',
    title: 'Two snacks for the price of one',
    trigger: 'broadcast',
    startsInDays: 3,
    actions: [],
  },
  {
    name: 'Evergreen laundry day',
    supplier: 'Evergreen Home Care',
    brand: 'Evergreen',
    category: 'household',
    title: 'Laundry liquid, 20% off',
    trigger: 'broadcast',
    startsInDays: 5,
    actions: ['launch', 'cancel'],
  },
];

export interface DemoCampaign {
  name: string;
  status: string;
  /** Set on the run that created it. */
  created: boolean;
}

/**
 * The campaigns every console screen needs: draft, scheduled, running and paused (cart-triggered,
 * so that the demo page's carts meet them), completed with deliveries, a holdout and conversions,
 * and cancelled. Created through the campaigns service and its state machine, once (found by name
 * on a re-run); the conversions are purchases through the purchases service (duplicates on a re-run).
 */
export async function ensureDemoCampaigns(
  app: INestApplicationContext,
  world: DemoWorld,
  suppliers: Map<string, string>,
): Promise<DemoCampaign[]> {
  const prisma = app.get(PrismaService);
  const out: DemoCampaign[] = [];
  for (const plan of PLANS) {
    const existing = await prisma.campaign.findFirst({ where: { name: plan.name }, orderBy: { createdAt: 'asc' } });
    let id = existing?.id;
    if (!id) {
      id = (await app.get(CampaignsService).create(bodyOf(plan, world, suppliers.get(plan.supplier) as string))).id;
      for (const action of plan.actions) await app.get(CampaignStatusService).apply(id, action);
    }
    if (plan.completes) await completeWithConversions(app, world, id);
    out.push({ name: plan.name, status: (await app.get(CampaignsService).get(id)).status, created: !existing });
  }
  return out;
}

function bodyOf(plan: Plan, world: DemoWorld, supplierId: string): CreateCampaignDto {
  const skus = world.products.filter((p) => p.brand === plan.brand && p.category === plan.category && p.active).map((p) => p.sku);
  const startsAt = Date.now() + plan.startsInDays * DAY_MS - (plan.startsInDays === 0 ? 60_000 : 0);
  return {
    name: plan.name,
    supplierId,
    offer: {
      title: plan.title,
      body: `On ${plan.brand}, this week at Panier.`,
      skus,
      discount: { type: 'percent', value: 20 },
      validDays: 7,
    },
    audience: { include: [{ categories: [plan.category], withinDays: 90 }], exclude: [] },
    trigger: plan.trigger,
    ...(plan.trigger === 'cart' ? { cartCategories: [plan.category] } : {}),
    channels: ['in_app'],
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 14 * DAY_MS).toISOString(),
    budget: { totalCents: 500_000, costPerDeliveryCents: 5 },
    frequencyCap: { max: 3, perHours: 24 },
    holdoutPercent: 10,
  };
}

/** Waits for the broadcast's fan-out, then some of each group buy an offered product. */
async function completeWithConversions(app: INestApplicationContext, world: DemoWorld, id: string): Promise<void> {
  const campaigns = app.get(CampaignsService);
  for (const until = Date.now() + DISPATCH_WAIT_MS; (await campaigns.get(id)).status !== CampaignStatus.Completed;) {
    if (Date.now() > until) return void console.warn('demo: the dairy campaign is still fanning out; the service will finish it');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const campaign = await campaigns.get(id);
  const audience = await app.get(PrismaService).$queryRaw<Array<{ pseudonym: string; holdout: boolean }>>`
    SELECT pseudonym::text AS pseudonym, holdout FROM campaign_audience WHERE campaign_id = ${id}::uuid`;
  const group = new Map(audience.map((a) => [a.pseudonym, a.holdout]));
  const { pseudonyms } = await app.get(IdentityService).resolveMany(world.shoppers.map((s) => s.customerId));
  const price = new Map(world.products.map((p) => [p.sku, p.priceCents]));
  const skus = campaign.spec.offer.skus;
  for (const shopper of world.shoppers) {
    const holdout = group.get(pseudonyms.get(shopper.customerId) ?? '');
    if (holdout === undefined) continue;
    // A stable draw per shopper and campaign: a re-run picks the same buyers (their orders are duplicates).
    const draw = createHash('sha256').update(`${id}:${shopper.handle}`).digest().readUInt32BE(0) / 2 ** 32;
    if (draw >= (holdout ? CONVERSION.holdout : CONVERSION.treatment)) continue;
    const sku = skus[Math.floor(draw * 1000) % skus.length];
    await app.get(PurchasesService).record({
      customerId: shopper.customerId,
      orderId: `demo-${shopper.handle}-offer-${id.slice(0, 8)}`,
      purchasedAt: new Date().toISOString(),
      channel: 'store',
      storeId: shopper.storeId,
      items: [{ sku, quantity: 1, unitPriceCents: price.get(sku) }],
    });
  }
}
