import { describe, expect, it } from 'vitest';
import type { OrderDoc, StoreSettings } from '../../../domain/schemas';
import { openExceptions } from '../exceptions/exceptions';
import { testBackends } from '../../../test/server-support/databases';
import {
  makeOrder,
  orderStateOf,
  patchStoreSettings,
  push,
} from '../../../test/server-support/fixtures';
import { useStoreRig } from '../../../test/server-support/rigs';
import { OFFLINE_CARD_EXCEPTION } from './offline-card-checks';

/*
 * Store-and-forward card sales that a register should have refused, arriving anyway (an out of
 * date or tampered register): the server keeps each sale, and files it for a manager.
 */

describe.each(testBackends())('offline card limits re-checked on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'offline-cards', products: 3 });

  const cardSale = (): OrderDoc =>
    makeOrder({
      storeId: rig.storeId,
      deviceId: rig.device.deviceId,
      tender: 'card_offline',
      items: [{ product: 1, quantity: 1 }],
    });
  const settings = (change: Partial<StoreSettings>) =>
    patchStoreSettings(rig.app, rig.storeId, change);
  async function deliver(orders: readonly OrderDoc[]) {
    const result = await push(rig.app, rig.device.headers, rig.storeId, 'orders', orders);
    expect(result.rejected).toEqual([]);
  }
  const filed = async (orderId: string) =>
    (await openExceptions(rig.db, rig.storeId))
      .filter((e) => e.kind === OFFLINE_CARD_EXCEPTION && e.subject_id === orderId)
      .map((e) => e.detail['rule']);

  it('keeps a sale over the per-sale limit and files it once for a manager', async () => {
    const over = cardSale();
    await settings({
      offline_card_limit_per_sale: over.totals.total - 1,
      offline_card_limit_per_device: 10_000_000,
    });
    await deliver([over]);
    await deliver([over]);
    const within = cardSale();
    await settings({ offline_card_limit_per_sale: within.totals.total });
    await deliver([within]);

    expect(await filed(over.id)).toEqual(['sale_limit']);
    expect(await filed(within.id)).toEqual([]);
    const state = await orderStateOf(rig.app, rig.device.headers, rig.storeId, over.id);
    expect(state?.exceptions).toEqual([
      expect.objectContaining({
        code: OFFLINE_CARD_EXCEPTION,
        message: expect.stringMatching(/per-sale limit/),
      }),
    ]);
  });

  it('files the sale that took the register past its total of unauthorized cards', async () => {
    const first = cardSale();
    const second = cardSale();
    await settings({
      offline_card_limit_per_sale: 10_000_000,
      offline_card_limit_per_device: first.totals.total + second.totals.total - 1,
    });
    // Both were taken before the first reached the server: the register held both at once.
    await deliver([first]);
    await deliver([second]);
    expect(await filed(first.id)).toEqual([]);
    expect(await filed(second.id)).toEqual(['device_limit']);

    // Taken after the register's earlier cards reached the server: nothing was held then.
    const later = cardSale();
    await deliver([later]);
    expect(await filed(later.id)).toEqual([]);
  });

  it('files a card the register kept valid longer than the store allows', async () => {
    await settings({
      offline_card_limit_per_sale: 10_000_000,
      offline_card_limit_per_device: 10_000_000,
      offline_card_expiry_hours: 1,
    });
    const sale = cardSale();
    const tender = sale.tenders[0];
    if (tender?.method !== 'card') throw new Error('expected a card tender');
    const tooLong = new Date(Date.parse(sale.placed_at) + 5 * 3_600_000).toISOString();
    const kept = { ...sale, tenders: [{ ...tender, expires_at: tooLong }] };
    const fair = cardSale();
    await deliver([kept]);
    await deliver([fair]);
    expect(await filed(kept.id)).toEqual(['expiry']);
    expect(await filed(fair.id)).toEqual([]);
  });
});
