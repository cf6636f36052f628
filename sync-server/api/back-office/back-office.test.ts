import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import { testBackends } from '../../../test/server-support/databases';
import { useTestDatabase } from '../../../test/server-support/rigs';
import {
  ADMIN_HEADERS,
  seedStore,
  testConfig,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { buildServer } from '../../app';
import { createOfficeUser } from '../../modules/accounts/office-users';

/*
 * The back office's locks, tried as an attacker and as each role would: who may read and change
 * which store, what a missing cookie, a foreign origin and a guessed password get, and that the
 * password itself never reaches the log.
 */

const ORIGIN = 'http://localhost:80';
const PASSWORD = 'correct horse battery';

for (const backend of testBackends()) {
  describe(`back-office accounts and security (${backend.name})`, () => {
    const handle = useTestDatabase(backend);
    const storeA = uniqueStoreId('office-a');
    const storeB = uniqueStoreId('office-b');
    let app: FastifyInstance;
    let clock = new Date('2026-03-02T15:00:00Z');
    const log: string[] = [];
    const email = (who: string) => `${who}-${storeA}@example.test`;

    beforeAll(async () => {
      const officeDir = mkdtempSync(path.join(tmpdir(), 'office-'));
      writeFileSync(
        path.join(officeDir, 'index.html'),
        '<!doctype html><title>Back office</title>',
      );
      const logStream = new PassThrough();
      logStream.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
      app = await buildServer({
        db: handle.db,
        config: testConfig({ logLevel: 'trace' }),
        clock: { now: () => clock },
        officeDir,
        logStream,
      });
      await seedStore(handle.db, storeA, 1);
      await seedStore(handle.db, storeB, 1);
      const user = (who: string, role: 'owner' | 'manager' | 'clerk') =>
        createOfficeUser(handle.db, {
          email: email(who),
          name: who,
          role,
          password: PASSWORD,
          stores: [storeA],
        });
      await user('owner', 'owner');
      await user('manager', 'manager');
      await user('clerk', 'clerk');
      await user('locked', 'manager');
    });
    afterAll(async () => {
      await app?.close();
    });

    const signIn = (who: string, password = PASSWORD, origin: string | undefined = ORIGIN) =>
      app.inject({
        method: 'POST',
        url: '/api/office/session',
        headers: origin ? { origin } : {},
        payload: { email: email(who), password },
      });
    const cookieOf = (response: LightMyRequestResponse): string => {
      const cookie = response.cookies.find((c) => c.name === 'opentill_office');
      if (!cookie) throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
      return `opentill_office=${cookie.value}`;
    };
    const as = async (who: string) => cookieOf(await signIn(who));
    const codeOf = (response: LightMyRequestResponse) =>
      (response.json() as { error: { code: string } }).error.code;

    it('signs in with a cookie a script cannot read and no other site sends', async () => {
      const response = await signIn('owner');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ user: { role: 'owner' } });
      const cookie = response.cookies.find((c) => c.name === 'opentill_office');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      // Served over plain HTTP here: a Secure cookie would never come back.
      expect(cookie?.secure).toBeUndefined();
    });

    it('answers 401 to a request without the session cookie', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/office/stores/${storeA}/orders`,
      });
      expect(response.statusCode).toBe(401);
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
    });

    it("lets a manager work in their store and refuses store B's reads and changes with 403", async () => {
      const cookie = await as('manager');
      const own = await app.inject({
        method: 'GET',
        url: `/api/office/stores/${storeA}/orders`,
        headers: { cookie },
      });
      expect(own.statusCode).toBe(200);
      const read = await app.inject({
        method: 'GET',
        url: `/api/office/stores/${storeB}/orders`,
        headers: { cookie },
      });
      expect(read.statusCode).toBe(403);
      expect(codeOf(read)).toBe('FORBIDDEN');
      const change = await app.inject({
        method: 'PATCH',
        url: `/api/office/stores/${storeB}/settings`,
        headers: { cookie, origin: ORIGIN },
        payload: { low_stock_threshold: 9 },
      });
      expect(change.statusCode).toBe(403);
      const dashboard = await app.inject({
        method: 'GET',
        url: `/api/office/dashboard?store=${storeB}&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z`,
        headers: { cookie },
      });
      expect(dashboard.statusCode).toBe(403);
      const session = await app.inject({
        method: 'GET',
        url: '/api/office/session',
        headers: { cookie },
      });
      expect(session.json<{ stores: { id: string }[] }>().stores.map((s) => s.id)).toEqual([
        storeA,
      ]);
    });

    it('refuses a clerk every money movement with 403, and lets them read', async () => {
      const cookie = await as('clerk');
      const order = uuidv7();
      for (const action of ['refunds', 'capture', 'cancel']) {
        const response = await app.inject({
          method: 'POST',
          url: `/api/office/stores/${storeA}/orders/${order}/${action}`,
          headers: { cookie, origin: ORIGIN },
          payload: { id: uuidv7(), amount: 100, reason: 'test' },
        });
        expect(response.statusCode, action).toBe(403);
      }
      const read = await app.inject({
        method: 'GET',
        url: `/api/office/stores/${storeA}/orders`,
        headers: { cookie },
      });
      expect(read.statusCode).toBe(200);
    });

    it('refuses a change from another origin, or without an Origin header', async () => {
      const cookie = await as('owner');
      const change = (origin?: string) =>
        app.inject({
          method: 'PATCH',
          url: `/api/office/stores/${storeA}/settings`,
          headers: origin ? { cookie, origin } : { cookie },
          payload: { low_stock_threshold: 7 },
        });
      for (const response of [await change('https://evil.example'), await change()]) {
        expect(response.statusCode).toBe(403);
        expect(codeOf(response)).toBe('FORBIDDEN');
      }
      expect((await signIn('owner', PASSWORD, 'https://evil.example')).statusCode).toBe(403);
      const settings = await app.inject({
        method: 'GET',
        url: `/api/office/stores/${storeA}/settings`,
        headers: { cookie },
      });
      expect(settings.json()).not.toMatchObject({ low_stock_threshold: 7 });
      expect((await change(ORIGIN)).statusCode).toBe(200);
    });

    it('locks an account after repeated wrong passwords, for longer each time', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        const wrong = await signIn('locked', `wrong password ${attempt}`);
        expect(wrong.statusCode).toBe(401);
      }
      const locked = await signIn('locked');
      expect(locked.statusCode).toBe(429);
      expect(codeOf(locked)).toBe('SIGN_IN_LOCKED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      clock = new Date(clock.getTime() + 31_000);
      expect((await signIn('locked', 'wrong again')).statusCode).toBe(401);
      // The sixth wrong password locks for twice as long: 31 s later it is still locked.
      clock = new Date(clock.getTime() + 31_000);
      expect((await signIn('locked')).statusCode).toBe(429);
      clock = new Date(clock.getTime() + 31_000);
      expect((await signIn('locked')).statusCode).toBe(200);
    });

    it('revokes the session on sign-out, and ends an idle one', async () => {
      const cookie = await as('owner');
      const out = await app.inject({
        method: 'DELETE',
        url: '/api/office/session',
        headers: { cookie, origin: ORIGIN },
      });
      expect(out.statusCode).toBe(204);
      const after = await app.inject({
        method: 'GET',
        url: '/api/office/session',
        headers: { cookie },
      });
      expect(after.statusCode).toBe(401);

      const idle = await as('owner');
      clock = new Date(clock.getTime() + 29 * 60_000);
      expect(
        (await app.inject({ method: 'GET', url: '/api/office/session', headers: { cookie: idle } }))
          .statusCode,
      ).toBe(200);
      clock = new Date(clock.getTime() + 31 * 60_000);
      expect(
        (await app.inject({ method: 'GET', url: '/api/office/session', headers: { cookie: idle } }))
          .statusCode,
      ).toBe(401);
    });

    it('writes sign-ins and changes to an audit log the owner reads and a clerk may not', async () => {
      const owner = await as('owner');
      const changed = await app.inject({
        method: 'PATCH',
        url: `/api/office/stores/${storeA}/settings`,
        headers: { cookie: owner, origin: ORIGIN },
        payload: { low_stock_threshold: 11 },
      });
      expect(changed.statusCode).toBe(200);
      const audit = await app.inject({
        method: 'GET',
        url: '/api/office/audit',
        headers: { cookie: owner },
      });
      const entries = audit.json<{
        entries: { actor: string; action: string; store_id: string | null; detail: unknown }[];
      }>().entries;
      expect(entries[0]).toMatchObject({
        actor: email('owner'),
        action: 'updateStoreSettings',
        store_id: storeA,
        detail: { body: { low_stock_threshold: 11 } },
      });
      const actions = entries.map((e) => `${e.actor} ${e.action}`);
      expect(actions).toContain(`${email('locked')} sign_in_failed`);
      expect(actions).toContain(`${email('manager')} sign_in`);
      expect(actions).toContain(`${email('owner')} sign_out`);
      const clerk = await app.inject({
        method: 'GET',
        url: '/api/office/audit',
        headers: { cookie: await as('clerk') },
      });
      expect(clerk.statusCode).toBe(403);
    });

    it('audits changes made with the admin token too', async () => {
      const changed = await app.inject({
        method: 'PATCH',
        url: `/api/admin/stores/${storeA}/settings`,
        headers: ADMIN_HEADERS,
        payload: { low_stock_threshold: 12 },
      });
      expect(changed.statusCode).toBe(200);
      const audit = await app.inject({
        method: 'GET',
        url: `/api/office/audit?store=${storeA}`,
        headers: { cookie: await as('manager') },
      });
      expect(audit.json<{ entries: unknown[] }>().entries[0]).toMatchObject({
        actor: 'admin token',
        action: 'updateStoreSettings',
        detail: { body: { low_stock_threshold: 12 } },
      });
    });

    it('never writes a password to the log', async () => {
      await signIn('owner', 'a wrong password xyz');
      const text = log.join('');
      expect(text).toContain('/api/office/session');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('a wrong password xyz');
    });

    it('serves the back office with strict security headers, and sends / there', async () => {
      const page = await app.inject({ method: 'GET', url: '/office/orders/123' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Back office');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-frame-options']).toBe('DENY');
      const api = await app.inject({ method: 'GET', url: '/api/office/session' });
      expect(api.headers['content-security-policy']).toBe(csp);
      const root = await app.inject({ method: 'GET', url: '/' });
      expect(root.statusCode).toBe(302);
      expect(root.headers.location).toBe('/office/');
    });

    it('rate-limits sign-in attempts from one address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/office/session',
          headers: { origin: ORIGIN },
          payload: { email: '', password: '' },
          remoteAddress: '203.0.113.9',
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
      expect(statuses[20]).toBe(429);
    });
  });
}
