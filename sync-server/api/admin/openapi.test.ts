import { readFile } from 'node:fs/promises';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../infra/db/pglite';
import type { Db } from '../../infra/db/db';
import { buildServer } from '../../app';
import { ADMIN_HEADERS, testConfig } from '../../../test/server-support/fixtures';
import { openApiPath, renderOpenApi } from './openapi';
import { documentedOperations } from './operations-index';

const COMMITTED = new URL('../../../docs/openapi.json', import.meta.url);

describe('the OpenAPI document', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite(null);
  });
  afterAll(async () => db?.close());

  it('is committed as the generator makes it now (run npm run openapi after changing an operation)', async () => {
    expect(await readFile(COMMITTED, 'utf8')).toBe(renderOpenApi(documentedOperations()));
  });

  it('describes every admin route the server registers, and is served to the admin', async () => {
    const routes: { method: string; url: string }[] = [];
    const app = await buildServer({
      db,
      config: testConfig(),
      onRoute: (route: RouteOptions) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      },
    });
    try {
      await app.ready();
      const served = await app.inject({ url: '/api/admin/openapi.json', headers: ADMIN_HEADERS });
      expect(served.statusCode).toBe(200);
      const doc = served.json<{
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
      }>();
      expect(doc.openapi).toBe('3.1.0');

      const admin = routes.filter((r) => r.url.startsWith('/api/admin') && r.method !== 'HEAD');
      expect(admin.length).toBeGreaterThan(15);
      const undocumented = admin.filter(
        (r) => doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()] === undefined,
      );
      expect(undocumented).toEqual([]);

      const anonymous = await app.inject({ url: '/api/admin/openapi.json' });
      expect(anonymous.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
