import { demoProduct } from './demo-catalog';

/** Names tests, benchmarks and `npm start` rely on; the seed makes exactly these. */
export const DEMO_STORE_ID = 'demo-store';
export const DEMO_STORE_NAME = 'OpenTill Demo Store';
export const DEMO_FLOOR_LOCATION_ID = 'loc-floor';
export const DEMO_WAREHOUSE_LOCATION_ID = 'loc-warehouse';

export const DEMO_STAFF = [
  { id: 'staff-casey', name: 'Casey', role: 'cashier', pin: '1234' },
  { id: 'staff-morgan', name: 'Morgan', role: 'manager', pin: '9999' },
  { id: 'staff-alex', name: 'Alex', role: 'admin', pin: '4321' },
] as const;

export const CASHIER_PIN = '1234';
export const MANAGER_PIN = '9999';
export const ADMIN_PIN = '4321';

/** The first products of every seeded catalog (every store seeds the same numbering). */
export const DEMO_PRODUCTS = [demoProduct(1), demoProduct(2), demoProduct(3)] as const;
