import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { flushCardCancels, pendingCardCancels, queueCardCancel } from './card-cancels';

const device = { serverUrl: 'http://till.test', deviceId: 'dev-1', storeId: 's1', token: 'tok' };

let db: TillDatabase | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await db?.remove();
  db = undefined;
});

/** The server as fetch sees it: `answer` decides each cancel; the ids asked for are kept. */
function server(answer: (tenderId: string) => Response | 'down') {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    const id = /card-authorizations\/([^/]+)\/cancel$/.exec(url)?.[1] ?? '';
    asked.push(id);
    const a = answer(id);
    if (a === 'down') throw new TypeError('Failed to fetch');
    return a;
  });
  return asked;
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('card hold cancels', () => {
  it('keeps a cancel asked for offline through a reopen, and sends it once the server is back', async () => {
    const name = `t${Date.now()}`;
    db = await openDatabase({ name });
    server(() => 'down');
    await queueCardCancel(db, 'tender-1');
    expect(await flushCardCancels(db, device)).toBe(1);
    await db.close();

    db = await openDatabase({ name });
    expect(await pendingCardCancels(db)).toEqual(['tender-1']);
    const asked = server((id) => json({ tender_id: id, status: 'canceled' }));
    expect(await flushCardCancels(db, device)).toBe(0);
    expect(await flushCardCancels(db, device)).toBe(0);
    expect(asked).toEqual(['tender-1']);
    expect(await pendingCardCancels(db)).toEqual([]);
  });

  it('asks again when the provider did not answer, and drops one the server settled for good', async () => {
    db = await openDatabase({ name: `t${Date.now()}` });
    server((id) =>
      id === 'slow'
        ? json({ error: { code: 'PROVIDER_UNAVAILABLE', message: 'no answer' } }, 424)
        : json({ error: { code: 'AUTHORIZATION_IN_ORDER', message: 'placed' } }, 409),
    );
    await queueCardCancel(db, 'slow');
    await queueCardCancel(db, 'placed');
    await queueCardCancel(db, 'slow');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await flushCardCancels(db, device)).toBe(1);
    expect(await pendingCardCancels(db)).toEqual(['slow']);
  });
});
