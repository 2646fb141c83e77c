import type { DemoProduct } from './demo-catalog.js';
import { Random } from './random.js';

/** One of the households the demo grocer serves: how often they shop, how much, and what. */
interface Persona {
  key: string;
  line: string;
  tripDays: number;
  staples: [number, number];
  /** Items bought on a whim per trip, on average. */
  occasional: number;
  maxQuantity: number;
  online: number;
  categories: Record<string, number>;
  /** Products every such household buys (a dog owner's dog food). */
  musts?: RegExp;
}

const PERSONAS: readonly Persona[] = [
  {
    key: 'family',
    line: 'Family of four: one big shop a week',
    tripDays: 7,
    staples: [12, 16],
    occasional: 3,
    maxQuantity: 3,
    online: 0.2,
    categories: {
      dairy: 3,
      bakery: 2,
      fruit: 3,
      vegetables: 3,
      meat: 2,
      pantry: 2,
      breakfast: 2,
      snacks: 2,
      drinks: 1,
      frozen: 1,
      household: 1,
    },
  },
  {
    key: 'baby',
    line: 'Young parents with a baby, shopping every weekend',
    tripDays: 7,
    staples: [9, 12],
    occasional: 2,
    maxQuantity: 2,
    online: 0.4,
    categories: { dairy: 3, fruit: 2, vegetables: 2, bakery: 1, household: 2, 'personal-care': 1 },
    musts: /Nappies|Baby Wipes|Infant Milk/,
  },
  {
    key: 'student',
    line: 'Student sharing a flat: small baskets twice a week',
    tripDays: 4,
    staples: [5, 7],
    occasional: 1.5,
    maxQuantity: 2,
    online: 0.05,
    categories: { pantry: 3, snacks: 3, drinks: 2, frozen: 2, bakery: 1, dairy: 1 },
  },
  {
    key: 'retired',
    line: 'Retired couple: a little shopping every few days',
    tripDays: 3,
    staples: [5, 8],
    occasional: 0.7,
    maxQuantity: 1,
    online: 0,
    categories: { bakery: 3, dairy: 3, vegetables: 2, fruit: 2, drinks: 1, fish: 1 },
  },
  {
    key: 'professional',
    line: 'Busy professional who orders online on Sunday evenings',
    tripDays: 7,
    staples: [7, 10],
    occasional: 1.5,
    maxQuantity: 2,
    online: 0.9,
    categories: { frozen: 2, drinks: 2, fruit: 1, dairy: 1, meat: 1, bakery: 1, household: 1 },
  },
  {
    key: 'vegetarian',
    line: 'Vegetarian home cook with a market basket every six days',
    tripDays: 6,
    staples: [9, 12],
    occasional: 2,
    maxQuantity: 2,
    online: 0.1,
    categories: { vegetables: 4, fruit: 3, pantry: 3, dairy: 2, bakery: 1 },
  },
  {
    key: 'dog',
    line: 'Dog owner who walks to the shop twice a week',
    tripDays: 4,
    staples: [6, 9],
    occasional: 1,
    maxQuantity: 2,
    online: 0.1,
    categories: { dairy: 2, bakery: 2, meat: 1, snacks: 1, household: 1 },
    musts: /Dog/,
  },
  {
    key: 'cat',
    line: 'Cat owner living alone, weekly shop after work',
    tripDays: 7,
    staples: [6, 9],
    occasional: 1,
    maxQuantity: 2,
    online: 0.3,
    categories: { dairy: 2, frozen: 2, fruit: 1, drinks: 1, snacks: 1 },
    musts: /Cat /,
  },
  {
    key: 'coffee',
    line: 'Coffee lover who never runs out of beans',
    tripDays: 5,
    staples: [6, 9],
    occasional: 1,
    maxQuantity: 1,
    online: 0.3,
    categories: { drinks: 4, dairy: 2, bakery: 2, breakfast: 1, snacks: 1 },
    musts: /Coffee/,
  },
  {
    key: 'fitness',
    line: 'Gym regular: chicken, oats and yogurt every week',
    tripDays: 7,
    staples: [7, 10],
    occasional: 1,
    maxQuantity: 3,
    online: 0.2,
    categories: { meat: 3, breakfast: 2, dairy: 3, fruit: 2, vegetables: 1 },
  },
];

const FIRST_NAMES = [
  'Amara',
  'Ben',
  'Chloé',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Keiko',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Samir',
  'Tessa',
  'Ugo',
  'Vera',
  'Wen',
  'Xavier',
  'Yara',
  'Zoe',
  'Aisha',
  'Bruno',
  'Carla',
  'Davide',
  'Emma',
  'Finn',
  'Gabriel',
  'Hannah',
  'Ivan',
  'Julia',
  'Karim',
  'Lena',
  'Marco',
  'Nadia',
  'Oscar',
  'Priya',
  'Rafael',
  'Sofia',
  'Tomás',
  'Uma',
  'Viktor',
  'Wanda',
];

/** A habit: this product, bought about every `cycleDays`, this many at a time. */
export interface Staple {
  sku: string;
  cycleDays: number;
  quantity: number;
}

export interface DemoShopper {
  /** `shopper-0042`: what the demo shows and asks for; the customer id stays out of every answer. */
  handle: string;
  customerId: string;
  name: string;
  persona: string;
  personaKey: string;
  /** Among the few dozen shoppers the demo offers to play (varied personas, reminders due now). */
  featured: boolean;
  tripDays: number;
  /** Days between the last trip and the end of the history. */
  daysSinceLastTrip: number;
  hour: number;
  online: number;
  storeId: string;
  occasional: number;
  staples: Staple[];
  /** Choices that differ from the purposes' defaults; none when the shopper never said anything. */
  consents: Partial<Record<'personalization' | 'targeted_offers' | 'push_marketing' | 'supplier_insights', boolean>>;
}

export const FEATURED_SHOPPERS = 36;

export function handleOf(n: number): string {
  return `shopper-${String(n).padStart(4, '0')}`;
}

/** `shopper-0042` → 42; anything else → undefined. */
export function numberOfHandle(handle: string): number | undefined {
  const match = /^shopper-(\d{4})$/.exec(handle);
  return match ? Number(match[1]) : undefined;
}

/** The retailer's customer id behind a handle (demo data only: real ids never look like this). */
export function demoCustomerId(handle: string): string {
  return `demo-${handle}`;
}

/** Shopper `n` (from 1): a pure function of the seed, `n` and the catalog. */
export function demoShopper(seed: number, n: number, catalog: readonly DemoProduct[]): DemoShopper {
  const random = new Random(seed).fork(1000 + n);
  const featured = n <= FEATURED_SHOPPERS;
  const persona = featured ? PERSONAS[(n - 1) % PERSONAS.length] : random.pick(PERSONAS);
  const tripDays = Math.max(2, persona.tripDays + (featured ? 0 : random.pick([-1, 0, 0, 0, 1])));
  const staples = staplesOf(random, persona, tripDays, catalog);
  const handle = handleOf(n);
  const bySku = new Map(catalog.map((p) => [p.sku, p]));
  const favourites = staples.slice(0, 3).map((s) => bySku.get(s.sku)?.label ?? s.sku);
  const online = persona.online;
  return {
    handle,
    customerId: demoCustomerId(handle),
    name: FIRST_NAMES[(n - 1) % FIRST_NAMES.length],
    persona: `${persona.line}; never without ${favourites.slice(0, -1).join(', ')} and ${favourites[favourites.length - 1]}.`,
    personaKey: persona.key,
    featured,
    tripDays,
    // Featured shoppers last shopped a full trip ago: their staples are due today.
    daysSinceLastTrip: featured ? tripDays : random.int(1, tripDays + 2),
    hour: online > 0.5 ? random.int(19, 21) : random.int(9, 18),
    online,
    storeId: `store-${random.int(1, 4)}`,
    occasional: persona.occasional,
    staples,
    consents: consentsOf(random, n, featured),
  };
}

function staplesOf(random: Random, persona: Persona, tripDays: number, catalog: readonly DemoProduct[]): Staple[] {
  const active = catalog.filter((p) => p.active);
  const musts = persona.musts
    ? random.sample(
        active.filter((p) => persona.musts?.test(p.name)),
        2,
      )
    : [];
  const pool = active.filter((p) => (persona.categories[p.category] ?? 0) > 0 && !musts.includes(p));
  const chosen = [...musts];
  const target = random.int(...persona.staples);
  while (chosen.length < target && pool.length > 0) {
    const product = random.weighted(pool, (p) => persona.categories[p.category]);
    pool.splice(pool.indexOf(product), 1);
    // One brand of an item is enough: a shopper's milk is one milk.
    if (!chosen.some((c) => c.label === product.label)) chosen.push(product);
  }
  return chosen.map((product) => {
    const trips = Math.max(1, Math.round((product.cycleDays * (0.8 + random.next() * 0.5)) / tripDays));
    return { sku: product.sku, cycleDays: trips * tripDays, quantity: random.int(1, persona.maxQuantity) };
  });
}

/**
 * As in life: most never say anything (legitimate interest keeps personalization and insights on,
 * marketing stays off); some object; a minority opt in to offers, fewer to push. Featured shoppers
 * keep personalization (the demo shows their reminders), most of them take offers.
 */
function consentsOf(random: Random, n: number, featured: boolean): DemoShopper['consents'] {
  const out: DemoShopper['consents'] = {};
  if (featured) {
    if (n % 3 !== 0) out.targeted_offers = true;
    if (n % 4 === 1) out.push_marketing = true;
    return out;
  }
  if (random.chance(0.06)) out.personalization = false;
  if (random.chance(0.09)) out.supplier_insights = false;
  if (random.chance(0.28)) {
    out.targeted_offers = true;
    if (random.chance(0.45)) out.push_marketing = true;
  }
  return out;
}
