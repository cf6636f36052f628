import { afterEach, describe, expect, it, vi } from 'vitest';
import { pullHandler, pushHandler } from './handlers';
import { syncProblemsStore } from './sync-problems';

const target = { serverUrl: 'http://till.test/', storeId: 'store-1', token: 'tok' };

function stubFetch(answer: unknown, status = 200) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(answer), { status });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('pull handler', () => {
  it('asks from the checkpoint for a batch and flags documents as not deleted', async () => {
    const calls = stubFetch({ documents: [{ id: 'p1' }], checkpoint: { xid: '9', seq: 1 } });
    const result = await pullHandler(target, 'products')({ xid: '8', seq: 4 }, 1000);
    const url = new URL(calls[0]?.url ?? '');
    expect(url.pathname).toBe('/api/stores/store-1/sync/products/pull');
    expect(url.searchParams.get('limit')).toBe('1000');
    expect(JSON.parse(url.searchParams.get('checkpoint') ?? '')).toEqual({ xid: '8', seq: 4 });
    expect(result).toEqual({
      documents: [{ id: 'p1', _deleted: false }],
      checkpoint: { xid: '9', seq: 1 },
    });
  });

  it('keeps its position when the server has nothing new', async () => {
    stubFetch({ documents: [], checkpoint: null });
    const result = await pullHandler(target, 'products')({ xid: '8', seq: 4 }, 10);
    expect(result.checkpoint).toEqual({ xid: '8', seq: 4 });
  });

  it('fails with the server error code so RxDB retries', async () => {
    stubFetch({ error: { code: 'UNAUTHENTICATED', message: 'Unknown device token.' } }, 401);
    await expect(pullHandler(target, 'products')(undefined, 10)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('push handler', () => {
  const row = { newDocumentState: { id: 'o1', _deleted: false } };

  it('returns conflicts and keeps refusals for the cashier to see', async () => {
    const calls = stubFetch({
      conflicts: [{ id: 'd1', revision: 3 }],
      rejected: [{ id: 'o1', code: 'TOTALS_MISMATCH', message: 'Totals do not add up.' }],
    });
    const conflicts = await pushHandler(target, 'orders')([row]);
    expect(conflicts).toEqual([{ id: 'd1', revision: 3, _deleted: false }]);
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual([row]);
    expect(syncProblemsStore.getState().problems).toMatchObject([
      { collection: 'orders', id: 'o1', code: 'TOTALS_MISMATCH', message: 'Totals do not add up.' },
    ]);
  });

  it.each(['IN_PROGRESS', 'INTERNAL'])(
    'throws on a %s refusal so the batch is sent again, and shows no refusal',
    async (code) => {
      syncProblemsStore.setState({ problems: [] });
      stubFetch({ conflicts: [], rejected: [{ id: 'o2', code, message: 'not yet' }] });
      await expect(pushHandler(target, 'orders')([row])).rejects.toThrow(/still processing/);
      expect(syncProblemsStore.getState().problems).toEqual([]);
    },
  );
});
