import { mkdirSync, writeFileSync } from 'node:fs';
import { benchCatalog } from './catalog-pull';
import { benchIngest, type IngestFigures } from './ingest';
import type { Latency } from './latency';
import { benchPipeline, type PipelineFigures } from './pipeline';

/*
 * `npm run bench`: prints a table and writes bench-results/bench.json. Sizes can be lowered for
 * a quick look with BENCH_ORDERS, BENCH_PIPELINE_ORDERS, BENCH_CATALOG, BENCH_SCANS and
 * BENCH_RELOADS. PostgreSQL figures need DATABASE_URL.
 */
const orders = Number(process.env.BENCH_ORDERS ?? 2000);
const catalog = Number(process.env.BENCH_CATALOG ?? 100_000);
const scans = Number(process.env.BENCH_SCANS ?? 50);
const reloads = Number(process.env.BENCH_RELOADS ?? 5);
const pipelineOrders = Number(process.env.BENCH_PIPELINE_ORDERS ?? 500);
const GATEWAY_LATENCY_MS = 50;

const ingest: IngestFigures[] = [];
for (const backend of ['pglite', 'postgres'] as const) {
  if (backend === 'postgres' && !process.env.DATABASE_URL) {
    console.log('PostgreSQL: not run (set DATABASE_URL to include it)');
    continue;
  }
  console.log(`ingest on ${backend}: pushing ${orders} orders…`);
  ingest.push(await benchIngest(backend, orders));
}
const pipeline: PipelineFigures[] = [];
for (const [backend, instances] of [
  ['pglite', 1],
  ['postgres', 1],
  ['postgres', 2],
] as const) {
  if (backend === 'postgres' && !process.env.DATABASE_URL) continue;
  console.log(
    `pipeline on ${backend}, ${instances} instance(s): ${pipelineOrders} card sales to captured…`,
  );
  pipeline.push(
    await benchPipeline({
      backend,
      instances,
      orders: pipelineOrders,
      latencyMs: GATEWAY_LATENCY_MS,
    }),
  );
}
console.log(
  `catalog: seeding ${catalog} products, pulling them into Chromium, then ${scans} scans, ` +
    `searches and ${reloads} reloads on that register…`,
);
const { pull, register } = await benchCatalog(catalog, { scans, reloads });

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (l: Latency) =>
  `p50 ${fmt(l.p50Ms)} ms, p95 ${fmt(l.p95Ms)} ms (max ${fmt(l.maxMs)} ms, n=${l.samples})`;
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
for (const f of pipeline) {
  console.log(
    `| Card sales push → captured, ${f.backend}, ${f.instances} instance(s), gateway +${f.gatewayLatencyMs} ms (${f.orders} orders) | ${fmt(f.ordersPerSecond, 1)} orders/s (${fmt(f.seconds, 1)} s, ${f.captures} captures) |`,
  );
}
console.log(`| Seed ${fmt(pull.products)} products (PGlite) | ${fmt(pull.seedSeconds, 1)} s |`);
console.log(
  `| Pull ${fmt(pull.products)} products into the register (Chromium) | ${fmt(pull.pullSeconds, 1)} s (${fmt(pull.productsPerSecond)} products/s) |`,
);
console.log(
  `| …and their ${fmt(pull.stockLevels)} stock levels, all synced | ${fmt(pull.syncedSeconds, 1)} s |`,
);
const at = `${fmt(register.products)} products`;
console.log(`| Cold start to sign-in screen, ${at} | ${ms(register.coldStartToSignIn)} |`);
console.log(`| Sign-in to ready-to-scan, ${at} | ${ms(register.signInToReady)} |`);
console.log(
  `| Cold start to ready-to-scan (less typing the PIN), ${at} | ${ms(register.coldStartToReady)} |`,
);
console.log(`| Scan to cart line painted (first key), ${at} | ${ms(register.scanToLine)} |`);
console.log(`| …from the scan's Enter | ${ms(register.scanEnterToLine)} |`);
console.log(
  `| Search as you type, key to results painted, ${at} | ${ms(register.searchAsYouType)} |`,
);
console.log(
  `| Sale completion, Complete sale to status painted | ${ms(register.saleCompletion)} |`,
);

mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/bench.json',
  JSON.stringify(
    { measured_at: new Date().toISOString(), ingest, pipeline, catalog_pull: pull, register },
    null,
    2,
  ) + '\n',
);
console.log('\nWritten to bench-results/bench.json');
