import type { Schemas } from '../api/client';

/**
 * The campaign editor's state, as the form holds it (strings, as inputs give them), and its
 * translation to and from the API's body. Pure, so that the rules are tested without a browser.
 */
export interface RuleForm {
  skus: string;
  categories: string;
  brands: string;
  withinDays: string;
  minPurchases: string;
}

export interface CampaignForm {
  name: string;
  supplierId: string;
  title: string;
  body: string;
  offerSkus: string;
  discountType: 'percent' | 'amount';
  discountValue: string;
  validDays: string;
  trigger: 'broadcast' | 'cart';
  cartSkus: string;
  cartCategories: string;
  inApp: boolean;
  push: boolean;
  startsAt: string;
  endsAt: string;
  budget: string;
  costPerDelivery: string;
  capOn: boolean;
  capMax: string;
  capPerHours: string;
  quietOn: boolean;
  quietStart: string;
  quietEnd: string;
  timezone: string;
  holdoutPercent: string;
  include: RuleForm[];
  exclude: RuleForm[];
}

export type CampaignBody = Schemas['CreateCampaignDto'];
type Rule = Schemas['AudienceRuleDto'];

export const emptyRule = (): RuleForm => ({ skus: '', categories: '', brands: '', withinDays: '90', minPurchases: '1' });

/** `datetime-local` value of a moment, in the browser's time zone. */
export function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function newCampaignForm(now = new Date(), timezone = Intl.DateTimeFormat().resolvedOptions().timeZone): CampaignForm {
  return {
    name: '',
    supplierId: '',
    title: '',
    body: '',
    offerSkus: '',
    discountType: 'percent',
    discountValue: '20',
    validDays: '7',
    trigger: 'broadcast',
    cartSkus: '',
    cartCategories: '',
    inApp: true,
    push: false,
    startsAt: localInput(now),
    endsAt: localInput(new Date(now.getTime() + 14 * 86_400_000)),
    budget: '500',
    costPerDelivery: '0.10',
    capOn: false,
    capMax: '2',
    capPerHours: '168',
    quietOn: false,
    quietStart: '21:00',
    quietEnd: '08:00',
    timezone,
    holdoutPercent: '10',
    include: [emptyRule()],
    exclude: [],
  };
}

const list = (text: string): string[] => [
  ...new Set(
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];
const cents = (text: string): number => Math.round(Number(text) * 100);
const int = (text: string): number => Number.parseInt(text, 10);
const joined = (items: string[] | undefined): string => (items ?? []).join(', ');

function toRule(r: RuleForm): Rule {
  const rule: Rule = {};
  if (list(r.skus).length) rule.skus = list(r.skus);
  if (list(r.categories).length) rule.categories = list(r.categories);
  if (list(r.brands).length) rule.brands = list(r.brands);
  if (r.withinDays.trim()) rule.withinDays = int(r.withinDays);
  if (r.minPurchases.trim()) rule.minPurchases = int(r.minPurchases);
  return rule;
}

const targets = (r: RuleForm) => list(r.skus).length + list(r.categories).length + list(r.brands).length > 0;

/** What is still missing before the form can be saved (and estimated), in words; empty when complete. */
export function missing(f: CampaignForm): string[] {
  const out: string[] = [];
  if (!f.name.trim()) out.push('a name');
  if (!f.supplierId) out.push('a supplier');
  if (!f.title.trim() || !f.body.trim()) out.push("the offer's title and text");
  if (list(f.offerSkus).length === 0) out.push('the offered products');
  if (!f.include.some(targets)) out.push('an include rule with products, categories or brands');
  if (!f.inApp && !f.push) out.push('a channel');
  if (!f.startsAt || !f.endsAt) out.push('the schedule');
  return out;
}

/** The create (and PATCH) body of a complete form. Values the server checks (ranges, dates) are left to it. */
export function toBody(f: CampaignForm): CampaignBody {
  const body: CampaignBody = {
    name: f.name.trim(),
    supplierId: f.supplierId,
    offer: {
      title: f.title.trim(),
      body: f.body.trim(),
      skus: list(f.offerSkus),
      discount: { type: f.discountType, value: f.discountType === 'amount' ? cents(f.discountValue) : int(f.discountValue) },
      validDays: int(f.validDays),
    },
    audience: { include: f.include.filter(targets).map(toRule), exclude: f.exclude.filter(targets).map(toRule) },
    trigger: f.trigger,
    channels: [...(f.inApp ? ['in_app' as const] : []), ...(f.push ? ['push' as const] : [])],
    startsAt: new Date(f.startsAt).toISOString(),
    endsAt: new Date(f.endsAt).toISOString(),
    budget: { totalCents: cents(f.budget), costPerDeliveryCents: cents(f.costPerDelivery) },
    holdoutPercent: int(f.holdoutPercent || '0'),
  };
  if (f.trigger === 'cart') {
    body.cartSkus = list(f.cartSkus);
    body.cartCategories = list(f.cartCategories);
  }
  if (f.capOn) body.frequencyCap = { max: int(f.capMax), perHours: int(f.capPerHours) };
  if (f.quietOn) body.quietHours = { start: f.quietStart, end: f.quietEnd, timezone: f.timezone };
  return body;
}

/** The PATCH body: the create body, with `null` for the optional parts the form turned off. */
export function toPatch(f: CampaignForm): Schemas['UpdateCampaignDto'] {
  return {
    ...toBody(f),
    ...(f.capOn ? {} : { frequencyCap: null }),
    ...(f.quietOn ? {} : { quietHours: null }),
    ...(f.trigger === 'cart' ? {} : { cartSkus: null, cartCategories: null }),
  } as Schemas['UpdateCampaignDto'];
}

function fromRule(r: Rule): RuleForm {
  return {
    skus: joined(r.skus),
    categories: joined(r.categories),
    brands: joined(r.brands),
    withinDays: r.withinDays === undefined || r.withinDays === null ? '' : String(r.withinDays),
    minPurchases: String(r.minPurchases ?? 1),
  };
}

/** The form of a saved campaign (to go on editing a draft). */
export function fromCampaign(c: Schemas['CampaignResponseDto']): CampaignForm {
  const offer = c.offer;
  const audience = c.audience;
  const budget = c.budget;
  const cap = c.frequencyCap as CampaignBody['frequencyCap'] | null;
  const quiet = c.quietHours as CampaignBody['quietHours'] | null;
  const base = newCampaignForm();
  return {
    ...base,
    name: c.name,
    supplierId: c.supplierId,
    title: offer.title,
    body: offer.body,
    offerSkus: joined(offer.skus),
    discountType: offer.discount.type,
    discountValue: offer.discount.type === 'amount' ? (offer.discount.value / 100).toFixed(2) : String(offer.discount.value),
    validDays: String(offer.validDays),
    trigger: c.trigger,
    cartSkus: joined(c.cartSkus),
    cartCategories: joined(c.cartCategories),
    inApp: c.channels.includes('in_app'),
    push: c.channels.includes('push'),
    startsAt: localInput(new Date(c.startsAt)),
    endsAt: localInput(new Date(c.endsAt)),
    budget: (budget.totalCents / 100).toFixed(2),
    costPerDelivery: (budget.costPerDeliveryCents / 100).toFixed(2),
    capOn: !!cap,
    capMax: cap ? String(cap.max) : base.capMax,
    capPerHours: cap ? String(cap.perHours) : base.capPerHours,
    quietOn: !!quiet,
    quietStart: quiet?.start ?? base.quietStart,
    quietEnd: quiet?.end ?? base.quietEnd,
    timezone: quiet?.timezone ?? base.timezone,
    holdoutPercent: String(c.holdoutPercent),
    include: audience.include.map(fromRule),
    exclude: (audience.exclude ?? []).map(fromRule),
  };
}
