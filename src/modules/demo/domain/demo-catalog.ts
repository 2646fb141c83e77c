import { Random } from './random.js';

/** A supplier of the demo grocer, with the brands it owns; known by name (the database gives the ids). */
export interface DemoSupplier {
  name: string;
  brands: string[];
}

export interface DemoProduct {
  sku: string;
  name: string;
  /** The name without the brand ("Whole Milk 1 L"), for personas. */
  label: string;
  category: string;
  brand: string;
  /** The supplier's name; null for the retailer's own labels. */
  supplier: string | null;
  priceCents: number;
  active: boolean;
  /** Days a household typically takes to use it up: a staple's cycle is drawn around it. */
  cycleDays: number;
}

/** The retailer's own labels, with their price against the standard one: funded by no supplier. */
export const OWN_LABEL = 'Panier';
const OWN_RANGES = [
  { brand: 'Panier Basics', pricePercent: 75, share: 0.5 },
  { brand: 'Panier Finest', pricePercent: 140, share: 0.3 },
];

export const DEMO_SUPPLIERS: readonly DemoSupplier[] = [
  { name: 'Alpine Dairy Co.', brands: ['Alpine Meadow', 'Nordhof'] },
  { name: 'Golden Fields Foods', brands: ['Golden Fields', 'Casa Rustica', 'Polar Kitchen'] },
  { name: 'Harbour & Hill', brands: ['Harbour Catch', 'Hillside Farm'] },
  { name: 'Sunrise Beverages', brands: ['Sunrise', 'Fizzwell', 'Roastery No. 7', 'Morning Leaf'] },
  { name: 'Evergreen Home Care', brands: ['Evergreen', 'Pure & Fresh'] },
  { name: 'Little Ones Ltd', brands: ['Little Sprout'] },
  { name: 'Happy Paws Petfoods', brands: ['Happy Paws'] },
  { name: 'Crunchtime Snacks', brands: ['Crunchtime', 'Cocoa Bay'] },
  { name: 'Green Valley Organic', brands: ['Green Valley'] },
  { name: 'Maison Dorée Bakeries', brands: ['Maison Dorée'] },
];

/** `item name|price in cents|cycle in days`, per category, with the brands that make them. */
const CATEGORIES: Record<string, { code: string; brands: string[]; items: string[] }> = {
  dairy: {
    code: 'DAI',
    brands: ['Alpine Meadow', 'Nordhof', 'Green Valley'],
    items: [
      'Whole Milk 1 L|109|4',
      'Semi-Skimmed Milk 1 L|105|4',
      'Greek Yogurt 500 g|245|7',
      'Natural Yogurt 4 x 125 g|189|6',
      'Salted Butter 250 g|279|14',
      'Mature Cheddar 400 g|399|14',
      'Mozzarella 125 g|99|10',
      'Cream Cheese 200 g|159|12',
      'Free-Range Eggs 6|229|7',
      'Single Cream 250 ml|119|14',
    ],
  },
  bakery: {
    code: 'BAK',
    brands: ['Maison Dorée', 'Golden Fields'],
    items: [
      'Sourdough Loaf 800 g|289|5',
      'Wholemeal Bread 800 g|149|5',
      'Butter Croissants 4 pack|229|7',
      'Baguette|99|3',
      'Plain Bagels 5 pack|179|9',
      'Tortilla Wraps 8 pack|169|12',
    ],
  },
  fruit: {
    code: 'FRU',
    brands: ['Green Valley'],
    items: [
      'Bananas 1 kg|119|5',
      'Gala Apples 6 pack|219|8',
      'Clementines 600 g|199|8',
      'Blueberries 150 g|249|6',
      'Strawberries 400 g|299|6',
      'Lemons 4 pack|129|14',
      'Ripe Avocados 2 pack|199|7',
    ],
  },
  vegetables: {
    code: 'VEG',
    brands: ['Green Valley'],
    items: [
      'Carrots 1 kg|69|9',
      'Brown Onions 1 kg|89|12',
      'Potatoes 2.5 kg|199|12',
      'Broccoli|79|6',
      'Cherry Tomatoes 250 g|139|6',
      'Baby Spinach 200 g|149|6',
      'Cucumber|65|6',
      'Mixed Peppers 3 pack|189|8',
      'Garlic 4 pack|99|21',
    ],
  },
  meat: {
    code: 'MEA',
    brands: ['Hillside Farm'],
    items: [
      'Chicken Breast Fillets 500 g|449|7',
      'Beef Mince 500 g|399|9',
      'Pork Sausages 6 pack|279|12',
      'Smoked Back Bacon 200 g|249|12',
      'Chicken Thighs 1 kg|449|12',
      'Sliced Ham 120 g|199|7',
    ],
  },
  fish: {
    code: 'FIS',
    brands: ['Harbour Catch'],
    items: ['Salmon Fillets 2 pack|449|12', 'Cod Fillets 2 pack|399|14', 'Tuna Chunks 3 x 145 g|329|21', 'Cooked Prawns 180 g|299|14'],
  },
  pantry: {
    code: 'PAN',
    brands: ['Golden Fields', 'Casa Rustica'],
    items: [
      'Penne 500 g|95|12',
      'Spaghetti 500 g|95|12',
      'Basmati Rice 1 kg|229|21',
      'Chopped Tomatoes 400 g|69|9',
      'Extra Virgin Olive Oil 500 ml|549|35',
      'Plain Flour 1.5 kg|115|40',
      'Chickpeas 400 g|79|14',
      'Smooth Peanut Butter 340 g|229|21',
      'Clear Honey 340 g|299|35',
      'Tomato Ketchup 460 g|189|30',
    ],
  },
  breakfast: {
    code: 'BRE',
    brands: ['Golden Fields'],
    items: ['Porridge Oats 1 kg|159|14', 'Cornflakes 500 g|199|12', 'Crunchy Granola 500 g|299|14', 'Strawberry Jam 340 g|179|28'],
  },
  drinks: {
    code: 'DRI',
    brands: ['Sunrise', 'Fizzwell', 'Roastery No. 7', 'Morning Leaf'],
    items: [
      'Ground Coffee 227 g|399|12',
      'Coffee Beans 1 kg|1299|28',
      'Breakfast Tea 80 bags|249|21',
      'Orange Juice 1 L|189|5',
      'Sparkling Water 6 x 1.5 L|299|9',
      'Cola 1.5 L|179|7',
      'Cloudy Apple Juice 1 L|169|6',
    ],
  },
  snacks: {
    code: 'SNA',
    brands: ['Crunchtime', 'Cocoa Bay'],
    items: [
      'Sea Salt Crisps 6 pack|229|9',
      'Dark Chocolate 70% 100 g|189|9',
      'Digestive Biscuits 400 g|129|12',
      'Salted Peanuts 200 g|149|14',
      'Sweet & Salty Popcorn 100 g|139|12',
    ],
  },
  frozen: {
    code: 'FRO',
    brands: ['Polar Kitchen'],
    items: [
      'Garden Peas 1 kg|179|21',
      'Stonebaked Margherita Pizza|299|10',
      'Vanilla Ice Cream 1 L|349|14',
      'Fish Fingers 10 pack|249|14',
      'Oven Chips 1.5 kg|229|14',
    ],
  },
  household: {
    code: 'HOU',
    brands: ['Evergreen'],
    items: [
      'Washing-Up Liquid 500 ml|129|28',
      'Laundry Liquid 1.5 L|599|28',
      'Toilet Tissue 9 rolls|449|18',
      'Kitchen Roll 2 pack|219|14',
      'Bin Bags 20 pack|249|35',
      'Dishwasher Tablets 30 pack|649|30',
    ],
  },
  'personal-care': {
    code: 'PER',
    brands: ['Pure & Fresh'],
    items: [
      'Fresh Mint Toothpaste 75 ml|149|30',
      'Everyday Shampoo 400 ml|299|35',
      'Shower Gel 250 ml|179|21',
      'Roll-On Deodorant 50 ml|199|35',
    ],
  },
  baby: {
    code: 'BAB',
    brands: ['Little Sprout'],
    items: ['Nappies Size 4 x 44|999|9', 'Baby Wipes 4 x 64|449|12', 'Baby Rice 100 g|149|14', 'First Infant Milk 800 g|1199|10'],
  },
  pet: {
    code: 'PET',
    brands: ['Happy Paws'],
    items: [
      'Adult Dry Dog Food 2.5 kg|999|21',
      'Cat Food Pouches 12 x 85 g|449|7',
      'Clumping Cat Litter 10 L|499|21',
      'Chewy Dog Treats 200 g|249|12',
    ],
  },
};

export const DEMO_CATEGORIES = Object.keys(CATEGORIES);

/**
 * The catalog: every item under the retailer's own label (some also in its Basics and Finest
 * ranges) and under one or two of its category's brands; a few products discontinued (inactive)
 * so that staff lists show the flag.
 */
export function demoCatalog(seed: number): DemoProduct[] {
  const random = new Random(seed).fork(1);
  const supplierOf = new Map(DEMO_SUPPLIERS.flatMap((s) => s.brands.map((b) => [b, s.name] as const)));
  const products: DemoProduct[] = [];
  for (const [category, { code, brands, items }] of Object.entries(CATEGORIES)) {
    let n = 0;
    for (const item of items) {
      const [label, price, cycle] = item.split('|');
      const makers = [
        { brand: OWN_LABEL, pricePercent: 100 },
        ...OWN_RANGES.filter((range) => random.chance(range.share)),
        // Brands cost more than the own label, by 10 to 45 %.
        ...random
          .sample(brands, brands.length > 1 && random.chance(0.6) ? 2 : 1)
          .map((brand) => ({ brand, pricePercent: 110 + random.int(0, 35) })),
      ];
      for (const { brand, pricePercent } of makers) {
        products.push({
          sku: `${code}-${String(++n).padStart(3, '0')}`,
          name: `${brand} ${label}`,
          label,
          category,
          brand,
          supplier: supplierOf.get(brand) ?? null,
          priceCents: Math.round((Number(price) * pricePercent) / 100),
          active: !random.chance(0.02),
          cycleDays: Number(cycle),
        });
      }
    }
  }
  return products;
}
