import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { ProductDoc } from '../../../domain/schemas';
import { IMPORT_BATCH_ROWS } from '../../modules/imports/run-import';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_WAREHOUSE_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  ADMIN_HEADERS,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

interface ImportJob {
  id: string;
  status: string;
  rows_read: number;
  rows_applied: number;
  rows_failed: number;
  errors: { row: number; field: string; message: string }[];
}

/** Far below the files sent here: the import routes must not be held to it. */
const BODY_LIMIT = 16 * 1024;

describe.each(testBackends())('catalog and stock imports on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let storeId: string;

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db, { bodyLimitBytes: BODY_LIMIT });
    storeId = uniqueStoreId('imports');
    await seedStore(database.db, storeId, 3);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const send = (kind: string, contentType: string, payload: string, query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/imports/${kind}${query}`,
      headers: { ...ADMIN_HEADERS, 'content-type': contentType },
      payload,
    });

  const productBySku = async (sku: string) => {
    const { rows } = await database.db.query<{ doc: ProductDoc }>(
      `select doc from sync_documents
       where store_id = $1 and collection = 'products' and doc ->> 'sku' = $2`,
      [storeId, sku],
    );
    return rows.map((r) => r.doc);
  };

  it('imports 10,000 CSV products, applying the good rows and naming each bad row', async () => {
    // Data row i is record i + 1: the header is row 1, as a spreadsheet shows it.
    const bad = new Map<number, { cells: string; field: string }>([
      [17, { cells: 'IMP-17,Seventeen,12.345,STATE', field: 'price' }],
      [2500, { cells: 'IMP-2500,,3.00,STATE', field: 'name' }],
      [5001, { cells: 'IMP-5001,Five,4.00,NOPE', field: 'tax_rate_codes' }],
      [7777, { cells: 'IMP-7777,Seven', field: '(row)' }],
      [9999, { cells: 'IMP-9999,Nines,abc,STATE', field: 'price' }],
    ]);
    const lines = ['sku,name,price,tax_rate_codes'];
    for (let i = 1; i <= 10_000; i++) {
      lines.push(
        bad.get(i)?.cells ??
          `IMP-${i},"Imported, no. ${i}","1,${String(i % 1000).padStart(3, '0')}.50",STATE;CITY`,
      );
    }
    const csv = `${lines.join('\r\n')}\r\n`;
    expect(csv.length).toBeGreaterThan(BODY_LIMIT * 10);
    const id = uuidv7();

    const response = await send('products', 'text/csv', csv, `?id=${id}`);
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json<ImportJob>();
    expect(job).toMatchObject({
      id,
      status: 'completed',
      rows_read: 10_000,
      rows_applied: 9_995,
      rows_failed: 5,
    });
    expect(job.errors.map((e) => [e.row, e.field])).toEqual(
      [...bad].map(([i, b]) => [i + 1, b.field]),
    );

    const polled = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/imports/${id}`,
      headers: ADMIN_HEADERS,
    });
    expect(polled.json()).toMatchObject({ rows_read: 10_000, rows_applied: 9_995 });

    const [p42] = await productBySku('IMP-42');
    expect(p42).toMatchObject({
      name: 'Imported, no. 42',
      unit_price: 104_250,
      tax_rate_ids: ['tax-state', 'tax-city'],
      active: true,
    });
    expect(await productBySku('IMP-17')).toEqual([]);
    const { rows } = await database.db.query<{ n: number }>(
      `select count(*)::int as n from products where store_id = $1 and sku like 'IMP-%'`,
      [storeId],
    );
    expect(rows[0]?.n).toBe(9_995);
  });

  it('updates a product named by sku instead of adding a second one', async () => {
    const sku = demoProduct(1).sku;
    const csv = `sku,name,unit_price,active\n${sku},Renamed by import,1999,no\n`;
    const response = await send('products', 'text/csv; charset=utf-8', csv);
    expect(response.json()).toMatchObject({ rows_applied: 1, rows_failed: 0 });
    const products = await productBySku(sku);
    expect(products).toEqual([
      expect.objectContaining({
        id: demoProduct(1).id,
        name: 'Renamed by import',
        unit_price: 1999,
        active: false,
      }),
    ]);
  });

  it('sets stock levels from JSON lines through import movements, refusing bad lines', async () => {
    const p1 = demoProduct(1);
    const p2 = demoProduct(2);
    const body = [
      JSON.stringify({ location_id: DEMO_FLOOR_LOCATION_ID, sku: p1.sku, quantity: 25 }),
      JSON.stringify({ location_id: DEMO_WAREHOUSE_LOCATION_ID, product_id: p2.id, quantity: 0 }),
      JSON.stringify({ location_id: DEMO_FLOOR_LOCATION_ID, sku: 'NO-SUCH-SKU', quantity: 3 }),
      JSON.stringify({ location_id: DEMO_FLOOR_LOCATION_ID, sku: p2.sku, quantity: 2.5 }),
      '{not json',
      JSON.stringify({ location_id: 'moon-base', sku: p2.sku, quantity: 1 }),
    ].join('\n');
    const response = await send('stock', 'application/x-ndjson', body);
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json<ImportJob>();
    expect(job).toMatchObject({ rows_read: 6, rows_applied: 2, rows_failed: 4 });
    expect(job.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'sku'],
      [4, 'quantity'],
      [5, '(row)'],
      [6, 'location_id'],
    ]);

    const level = async (location: string, productId: string) => {
      const stock = await app.inject({
        method: 'GET',
        url: `/api/admin/stores/${storeId}/stock?product_id=${productId}&location_id=${location}`,
        headers: ADMIN_HEADERS,
      });
      return stock.json<{ levels: { stocked_quantity: number }[] }>().levels[0]?.stocked_quantity;
    };
    expect(await level(DEMO_FLOOR_LOCATION_ID, p1.id)).toBe(25);
    expect(await level(DEMO_WAREHOUSE_LOCATION_ID, p2.id)).toBe(0);
    const movements = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/stock/levels/${DEMO_FLOOR_LOCATION_ID}/${p1.id}/movements`,
      headers: ADMIN_HEADERS,
    });
    const list = movements.json<{ movements: { kind: string; stocked_delta: number }[] }>();
    expect(list.movements.reduce((sum, m) => sum + m.stocked_delta, 0)).toBe(25);
    expect(list.movements.at(-1)?.kind).toBe('import');
  });

  it('applies rows while the upload is still arriving, which a poll of the import shows', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const id = uuidv7();
    const upload = request(`${address}/api/admin/stores/${storeId}/imports/products?id=${id}`, {
      method: 'POST',
      headers: { ...ADMIN_HEADERS, 'content-type': 'text/csv' },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      upload.on('error', reject);
      upload.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
    });
    const rows = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, k) => `LIVE-${from + k},Live ${from + k},2.50\n`);
    // Two and a half batches: two can be applied, the third waits for more rows.
    upload.write(['sku,name,price\n', ...rows(1, 2.5 * IMPORT_BATCH_ROWS)].join(''));

    let progress: ImportJob | undefined;
    for (
      let poll = 0;
      poll < 200 && (progress?.rows_applied ?? 0) < 2 * IMPORT_BATCH_ROWS;
      poll++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const polled = await app.inject({
        method: 'GET',
        url: `/api/admin/stores/${storeId}/imports/${id}`,
        headers: ADMIN_HEADERS,
      });
      if (polled.statusCode === 200) progress = polled.json<ImportJob>();
    }
    expect(progress).toMatchObject({ status: 'running', rows_applied: 2 * IMPORT_BATCH_ROWS });

    upload.end(rows(2.5 * IMPORT_BATCH_ROWS + 1, 3 * IMPORT_BATCH_ROWS).join(''));
    const { status, body } = await answered;
    expect(status).toBe(201);
    expect(JSON.parse(body)).toMatchObject({
      status: 'completed',
      rows_applied: 3 * IMPORT_BATCH_ROWS,
    });
  });

  it('imports a JSON array of products larger than the body limit, naming each bad element', async () => {
    const elements: string[] = [];
    for (let i = 1; i <= 2500; i++) {
      elements.push(JSON.stringify({ sku: `ARR-${i}`, name: `Array, [no. ${i}]`, price: '3.25' }));
    }
    elements[9] = '{"sku":"ARR-10","name":"Ten",}';
    elements[99] = '"not an object"';
    elements[1999] = JSON.stringify({ sku: 'ARR-2000', name: 'Two thousand', price: '1.234' });
    const body = `[\n${elements.join(',\n')}\n]\n`;
    expect(body.length).toBeGreaterThan(BODY_LIMIT * 5);
    const id = uuidv7();
    const response = await send('products', 'application/json', body, `?id=${id}`);
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json<ImportJob & { format: string }>();
    expect(job).toMatchObject({
      id,
      format: 'json',
      status: 'completed',
      rows_read: 2500,
      rows_applied: 2497,
      rows_failed: 3,
    });
    expect(job.errors.map((e) => [e.row, e.field])).toEqual([
      [10, '(row)'],
      [100, '(row)'],
      [2000, 'price'],
    ]);
    expect(await productBySku('ARR-42')).toEqual([
      expect.objectContaining({ name: 'Array, [no. 42]', unit_price: 325 }),
    ]);
    expect(await productBySku('ARR-10')).toEqual([]);
  });

  it('fails an import whose JSON array is cut short, and says so when polled', async () => {
    const id = uuidv7();
    const rows = [1, 2, 3].map((i) => JSON.stringify({ sku: `CUT-${i}`, name: 'Cut', price: '1' }));
    const response = await send(
      'products',
      'application/json',
      `[${rows.join(',')},{"sku":`,
      `?id=${id}`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not closed/) },
    });
    const polled = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/imports/${id}`,
      headers: ADMIN_HEADERS,
    });
    expect(polled.json()).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/cut short/),
    });
  });

  it('shows an import its server lost as failed, and one still being read as running', async () => {
    const lost = uuidv7();
    const live = uuidv7();
    // As a server left them: one whose lease ran out when it stopped, one another server reads.
    await database.db.query(
      `insert into import_jobs (id, store_id, kind, format, status, lease_until)
       values ($1, $3, 'stock', 'csv', 'running', now() - interval '1 minute'),
              ($2, $3, 'stock', 'csv', 'running', now() + interval '1 minute')`,
      [lost, live, storeId],
    );
    const poll = async (id: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/admin/stores/${storeId}/imports/${id}`,
          headers: ADMIN_HEADERS,
        })
      ).json<ImportJob & { error: string | null; finished_at: string | null }>();
    expect(await poll(lost)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/server stopped .* send the file again/),
      finished_at: expect.any(String),
    });
    expect(await poll(live)).toMatchObject({ status: 'running', error: null });
  });

  it('refuses a CSV whose header lacks a required column, and a body of another type', async () => {
    const noPrice = await send('products', 'text/csv', 'sku,name\nA,B\n');
    expect(noPrice.statusCode).toBe(400);
    expect(noPrice.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('price or unit_price') },
    });
    const notArray = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/imports/stock`,
      headers: ADMIN_HEADERS,
      payload: { rows: [] },
    });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('JSON array') },
    });
    const asText = await send('stock', 'text/plain', 'location_id,sku,quantity\n');
    expect(asText.statusCode).toBe(400);
    expect(asText.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { 'headers.content-type': expect.any(String) } },
    });
  });
});
