import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadConfig } from '../infra/config';
import { migrate } from '../infra/db/migrate';
import { openDb } from '../infra/db/open';
import { DEMO_STORE_ID, DEMO_STORE_NAME } from '../demo/demo-constants';
import { SeedError, seedDemoStore } from '../demo/demo-store';

const USAGE = `Usage: npm run seed -- [--store <id>] [--name <name>] [--products <n>] [--currency USD] [--tax-inclusive]
       [--locale en-US] [--timezone America/Chicago]
Seeds a store into the configured database (DATABASE_URL, else PGlite in OPENTILL_DATA_DIR).`;

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: DEMO_STORE_ID },
    name: { type: 'string' },
    products: { type: 'string' },
    currency: { type: 'string', default: 'USD' },
    'tax-inclusive': { type: 'boolean', default: false },
    locale: { type: 'string', default: 'en-US' },
    timezone: { type: 'string', default: 'America/Chicago' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const config = loadConfig();
const products = values.products === undefined ? config.seedProducts : Number(values.products);
if (!Number.isSafeInteger(products) || products < 0) {
  console.error(`--products must be a whole number, got "${values.products}"\n${USAGE}`);
  process.exit(2);
}
if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(values.store)) {
  console.error('--store must be lowercase letters, digits and dashes (at most 100)');
  process.exit(2);
}

try {
  new Intl.DateTimeFormat(values.locale, { timeZone: values.timezone });
} catch {
  console.error(`--locale and --timezone must be a BCP 47 tag and an IANA zone\n${USAGE}`);
  process.exit(2);
}

const db = await openDb({
  databaseUrl: config.databaseUrl,
  dataDir: config.databaseUrl ? null : path.join(path.resolve(config.dataDir), 'pglite'),
});
try {
  await migrate(db);
  const started = Date.now();
  await seedDemoStore(db, {
    storeId: values.store,
    name: values.name ?? (values.store === DEMO_STORE_ID ? DEMO_STORE_NAME : values.store),
    products,
    currency: values.currency,
    taxInclusive: values['tax-inclusive'],
    locale: values.locale,
    timezone: values.timezone,
  });
  console.log(
    `Seeded store ${values.store} with ${products} products in ${Date.now() - started} ms`,
  );
} catch (e) {
  if (!(e instanceof SeedError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await db.close();
}
