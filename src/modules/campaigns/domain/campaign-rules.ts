import type { ErrorDetail } from '../../../common/errors/app-error.js';
import type { AudienceRule, CampaignSpec } from './campaign.js';
import { isHhMm, isTimeZone } from '../../../common/time/quiet-hours.js';

/**
 * The checks that span fields (class-validator checks each field alone): dates in order, a real
 * quiet-hours window and zone, a cart trigger with something to trigger on, a budget that pays
 * for at least one delivery, rules that select something. Returns every fault, [] when valid.
 */
export function checkCampaignSpec(spec: CampaignSpec, now: Date): ErrorDetail[] {
  const faults: ErrorDetail[] = [];
  if (spec.startsAt.getTime() >= spec.endsAt.getTime()) faults.push({ field: 'endsAt', message: 'must be after startsAt' });
  else if (spec.endsAt.getTime() <= now.getTime()) faults.push({ field: 'endsAt', message: 'must be in the future' });
  if (spec.quietHours) {
    if (!isHhMm(spec.quietHours.start)) faults.push({ field: 'quietHours.start', message: 'must be HH:MM (00:00-23:59)' });
    if (!isHhMm(spec.quietHours.end)) faults.push({ field: 'quietHours.end', message: 'must be HH:MM (00:00-23:59)' });
    if (!isTimeZone(spec.quietHours.timezone)) faults.push({ field: 'quietHours.timezone', message: 'must be an IANA time zone' });
  }
  const cartTargets = (spec.cartSkus?.length ?? 0) + (spec.cartCategories?.length ?? 0);
  if (spec.trigger === 'cart' && cartTargets === 0)
    faults.push({ field: 'cartSkus', message: 'a cart-triggered campaign needs cartSkus or cartCategories' });
  if (spec.trigger === 'broadcast' && cartTargets > 0) faults.push({ field: 'cartSkus', message: 'only for trigger "cart"' });
  if (spec.budget.costPerDeliveryCents > spec.budget.totalCents)
    faults.push({ field: 'budget.costPerDeliveryCents', message: 'must not exceed budget.totalCents' });
  if (spec.offer.discount.type === 'percent' && spec.offer.discount.value > 100)
    faults.push({ field: 'offer.discount.value', message: 'a percentage must be at most 100' });
  if (new Set(spec.channels).size !== spec.channels.length) faults.push({ field: 'channels', message: 'must not repeat a channel' });
  faults.push(...ruleFaults('audience.include', spec.audience.include), ...ruleFaults('audience.exclude', spec.audience.exclude));
  return faults;
}

function ruleFaults(path: string, rules: AudienceRule[]): ErrorDetail[] {
  return rules.flatMap((rule, i) =>
    (rule.skus?.length ?? 0) + (rule.categories?.length ?? 0) + (rule.brands?.length ?? 0) === 0
      ? [{ field: `${path}.${i}`, message: 'a rule needs skus, categories or brands' }]
      : [],
  );
}

/** Every sku the campaign names, with the field that names it, for the catalog check. */
export function namedSkus(spec: CampaignSpec): Array<{ field: string; sku: string; mustBeActive: boolean }> {
  const out: Array<{ field: string; sku: string; mustBeActive: boolean }> = [];
  spec.offer.skus.forEach((sku, i) => out.push({ field: `offer.skus.${i}`, sku, mustBeActive: true }));
  (spec.cartSkus ?? []).forEach((sku, i) => out.push({ field: `cartSkus.${i}`, sku, mustBeActive: false }));
  for (const [kind, rules] of [
    ['include', spec.audience.include],
    ['exclude', spec.audience.exclude],
  ] as const) {
    rules.forEach((rule, r) =>
      (rule.skus ?? []).forEach((sku, i) => out.push({ field: `audience.${kind}.${r}.skus.${i}`, sku, mustBeActive: false })),
    );
  }
  return out;
}
