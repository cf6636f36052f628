import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { COLLECTION_NAMES } from '../../domain/schemas';
import { collectionsToResync, storeResyncs } from './store-stream';

const data = (text: string) => ({ type: 'data', data: text }) as const;

describe('collectionsToResync', () => {
  it('pulls every collection on each (re)connection and when the server says all', () => {
    expect(collectionsToResync({ type: 'open' })).toEqual(COLLECTION_NAMES);
    expect(collectionsToResync(data('{"resync":"*"}'))).toEqual(COLLECTION_NAMES);
  });

  it('pulls only the collections the event names, ignoring ones this register lacks', () => {
    expect(collectionsToResync(data('{"resync":["products","stock_levels"]}'))).toEqual([
      'products',
      'stock_levels',
    ]);
    expect(collectionsToResync(data('{"resync":["loyalty_cards","staff"]}'))).toEqual(['staff']);
    expect(collectionsToResync(data('{"resync":[]}'))).toEqual([]);
  });

  it('pulls everything on an event it cannot read rather than miss a change', () => {
    expect(collectionsToResync(data('not json'))).toEqual(COLLECTION_NAMES);
    expect(collectionsToResync(data('"RESYNC"'))).toEqual(COLLECTION_NAMES);
    expect(collectionsToResync(data('{"resync":"products"}'))).toEqual(COLLECTION_NAMES);
  });
});

describe('storeResyncs', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("listens on the store's one stream and skips events naming nothing it has", async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      const body =
        'data: {"resync":"*"}\n\ndata: {"resync":["loyalty_cards"]}\n\n' +
        'data: {"resync":["order_states"]}\n\n';
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(body));
          },
        }),
        { status: 200 },
      );
    });
    const target = { serverUrl: 'http://till.test/', storeId: 'store 1', token: 'tok' };
    const resyncs = await firstValueFrom(storeResyncs(target).pipe(take(3), toArray()));
    expect(urls).toEqual(['http://till.test/api/stores/store%201/sync/stream']);
    expect(resyncs).toEqual([COLLECTION_NAMES, COLLECTION_NAMES, ['order_states']]);
  });
});
