import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../test/server-support/fixtures';
import { DEMO_STORE_ID } from './demo/demo-constants';
import { startServer } from './server';

const LOST_IMPORT = '01900000-0000-7000-8000-0000000000aa';

describe('startServer on a fresh data folder', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('migrates, seeds the demo store, keeps a private admin token and serves it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'opentill-'));
    dirs.push(dataDir);
    const server = await startServer(
      testConfig({ dataDir, databaseUrl: null, adminToken: null, seedProducts: 20 }),
    );
    try {
      const tokenFile = path.join(dataDir, 'admin-token');
      expect(server.adminTokenFile).toBe(tokenFile);
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toMatchObject({ ok: true });
      const code = await fetch(`${server.url}/api/admin/stores/${DEMO_STORE_ID}/pairing-codes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      expect(code.status).toBe(201);
      const products = await server.db.query('select 1 from products where store_id = $1', [
        DEMO_STORE_ID,
      ]);
      expect(products.rowCount).toBe(20);
      // An import the server was reading when it stopped: its lease runs out with it.
      await server.db.query(
        `insert into import_jobs (id, store_id, kind, format, status, lease_until)
         values ($1, $2, 'products', 'csv', 'running', now() - interval '1 second')`,
        [LOST_IMPORT, DEMO_STORE_ID],
      );
    } finally {
      await server.close();
    }

    // A restart on the same folder keeps the token and the data and does not seed again, and
    // marks failed the import that was lost with the server.
    const again = await startServer(
      testConfig({ dataDir, databaseUrl: null, adminToken: null, seedProducts: 5 }),
    );
    try {
      expect(again.adminToken).toBe(server.adminToken);
      const products = await again.db.query('select 1 from products');
      expect(products.rowCount).toBe(20);
      const { rows } = await again.db.query<{ status: string; error: string }>(
        'select status, error from import_jobs where id = $1',
        [LOST_IMPORT],
      );
      expect(rows).toEqual([{ status: 'failed', error: expect.stringMatching(/restart/) }]);
    } finally {
      await again.close();
    }
  });
});
