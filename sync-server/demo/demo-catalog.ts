import { ean13 } from './ean13';

/*
 * A deterministic catalog: product i always has the same id, SKU, barcode, name and price, so
 * tests and benchmarks can name products without reading them back. Names are made from word
 * lists so prefix search on the register has something realistic to find.
 */

const NOUNS: readonly (readonly [name: string, category: string])[] = [
  ['Apple Juice', 'Grocery'],
  ['Orange Juice', 'Grocery'],
  ['Whole Milk', 'Grocery'],
  ['Oat Milk', 'Grocery'],
  ['Sourdough Bread', 'Bakery'],
  ['Bagels', 'Bakery'],
  ['Coffee Beans', 'Grocery'],
  ['Green Tea', 'Grocery'],
  ['Sparkling Water', 'Beverages'],
  ['Cola', 'Beverages'],
  ['Lemonade', 'Beverages'],
  ['Dark Chocolate', 'Snacks'],
  ['Potato Chips', 'Snacks'],
  ['Trail Mix', 'Snacks'],
  ['Granola', 'Grocery'],
  ['Peanut Butter', 'Grocery'],
  ['Olive Oil', 'Grocery'],
  ['Pasta', 'Grocery'],
  ['Tomato Sauce', 'Grocery'],
  ['Rice', 'Grocery'],
  ['Dish Soap', 'Household'],
  ['Paper Towels', 'Household'],
  ['Laundry Detergent', 'Household'],
  ['Toothpaste', 'Personal Care'],
  ['Shampoo', 'Personal Care'],
  ['Hand Soap', 'Personal Care'],
  ['Notebook', 'Stationery'],
  ['Ballpoint Pens', 'Stationery'],
  ['AA Batteries', 'Electronics'],
  ['USB Cable', 'Electronics'],
  ['Phone Charger', 'Electronics'],
  ['Light Bulb', 'Household'],
];
const SIZES = ['1L', '500ml', '250g', '1kg', 'Small', 'Medium', 'Large', 'Family Pack'] as const;
const DESCRIPTORS = [
  'Organic',
  'Classic',
  'Premium',
  'Value',
  'Fresh',
  'Zesty',
  'Gourmet',
  'Everyday',
  'Select',
  'Homestyle',
] as const;

/** Grocery staples carry the reduced rate only; everything else state plus city tax. */
export const TAX_RATES = [
  { id: 'tax-state', code: 'STATE', name: 'State sales tax 6.25%', rate_ppm: 62_500 },
  { id: 'tax-city', code: 'CITY', name: 'City sales tax 2.25%', rate_ppm: 22_500 },
  { id: 'tax-reduced', code: 'REDUCED', name: 'Reduced food rate 1%', rate_ppm: 10_000 },
] as const;

export interface DemoProduct {
  readonly id: string;
  readonly sku: string;
  readonly barcode: string;
  readonly name: string;
  readonly category: string;
  readonly unit_price: number;
  readonly tax_rate_ids: readonly string[];
}

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

/** Product number i, from 1. */
export function demoProduct(i: number): DemoProduct {
  const k = i - 1;
  const [noun, category] = pick(NOUNS, k);
  const size = pick(SIZES, Math.floor(k / NOUNS.length));
  const variant = Math.floor(k / (NOUNS.length * SIZES.length));
  const descriptor = variant === 0 ? '' : `${pick(DESCRIPTORS, variant - 1)} `;
  const edition = variant > DESCRIPTORS.length ? ` ${Math.ceil(variant / DESCRIPTORS.length)}` : '';
  const padded = String(i).padStart(6, '0');
  return {
    id: `prod-${padded}`,
    sku: `SKU-${padded}`,
    barcode: ean13(String(200_000_000_000 + i)),
    name: `${descriptor}${noun} ${size}${edition}`,
    category,
    // Prices from $0.99 to $99.94 in 5-cent steps, scattered but repeatable.
    unit_price: 99 + ((i * 7919) % 1980) * 5,
    tax_rate_ids: category === 'Grocery' ? ['tax-reduced'] : ['tax-state', 'tax-city'],
  };
}

/** Starting stock per location: the shop floor holds a little, the warehouse more. */
export function demoStock(i: number): { floor: number; warehouse: number } {
  return { floor: 20 + ((i * 31) % 80), warehouse: 100 + ((i * 17) % 400) };
}
