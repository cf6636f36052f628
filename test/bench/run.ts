import { mkdirSync, writeFileSync } from 'node:fs';
import { benchCatalogPull, type CatalogFigures } from './catalog-pull';
import { benchIngest, type IngestFigures } from './ingest';

/*
 * `npm run bench`: prints a table and writes bench-results/bench.json. Sizes can be lowered for
 * a quick look with BENCH_ORDERS and BENCH_CATALOG. PostgreSQL figures need DATABASE_URL.
 */
const orders = Number(process.env.BENCH_ORDERS ?? 2000);
const catalog = Number(process.env.BENCH_CATALOG ?? 100_000);

const ingest: IngestFigures[] = [];
for (const backend of ['pglite', 'postgres'] as const) {
  if (backend === 'postgres' && !process.env.DATABASE_URL) {
    console.log('PostgreSQL: not run (set DATABASE_URL to include it)');
    continue;
  }
  console.log(`ingest on ${backend}: pushing ${orders} orders…`);
  ingest.push(await benchIngest(backend, orders));
}
console.log(`catalog: seeding ${catalog} products and pulling them into Chromium…`);
const pull: CatalogFigures = await benchCatalogPull(catalog);

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log('\n| Figure | Value |\n| --- | --- |');
for (const f of ingest) {
  console.log(
    `| Order ingest through push, ${f.backend} (${f.orders} orders) | ${fmt(f.ordersPerSecond)} orders/s |`,
  );
  console.log(
    `| Plain single-row inserts, ${f.backend} | ${fmt(f.plainInsertsPerSecond)} rows/s |`,
  );
  console.log(`| Ingest ÷ plain inserts, ${f.backend} | ${fmt(f.ratio, 2)} |`);
}
console.log(`| Seed ${fmt(pull.products)} products (PGlite) | ${fmt(pull.seedSeconds, 1)} s |`);
console.log(
  `| Pull ${fmt(pull.products)} products into the register (Chromium) | ${fmt(pull.pullSeconds, 1)} s (${fmt(pull.productsPerSecond)} products/s) |`,
);

mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/bench.json',
  JSON.stringify({ measured_at: new Date().toISOString(), ingest, catalog_pull: pull }, null, 2) +
    '\n',
);
console.log('\nWritten to bench-results/bench.json');
