import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import { testBackends } from '../../../test/server-support/databases';
import { makeOrder, push } from '../../../test/server-support/fixtures';
import { GatewaySandboxProcess } from '../../../test/server-support/gateway-sandbox-process';
import { openTill, sandboxPayments } from '../../../test/server-support/payment-till';
import type { Till } from '../../../test/server-support/payment-till';
import { useTestDatabase } from '../../../test/server-support/rigs';
import { paymentRegistryFromConfig } from './registry';
import { sweepCounterHolds } from './counter-hold-cancels';

/*
 * Holds made at the counter for a card the register then removed, or for a cart nobody came
 * back to: the server releases them through the stripe provider, against the gateway sandbox
 * as a real process. The sandbox's ledger says what the cardholder sees on their card.
 */

const sandbox = new GatewaySandboxProcess();
beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());

describe.each(testBackends())('counter hold cancels on $name', (backend) => {
  const handle = useTestDatabase(backend);
  beforeEach(() => sandbox.reset());
  const payments = () => sandboxPayments(sandbox.url);

  const authorize = (t: Till, tenderId: string, orderId: string, amount: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/stores/${t.storeId}/payments/card-authorizations`,
      headers: t.device.headers,
      payload: {
        tender_id: tenderId,
        order_id: orderId,
        amount,
        currency: 'USD',
        token: 'pm_card_visa',
      },
    });
  /** A card held at the counter for a sale of `amount` under `orderId`. */
  async function hold(t: Till, tenderId: string, orderId: string, amount: number) {
    expect((await authorize(t, tenderId, orderId, amount)).statusCode).toBe(200);
  }
  const cancel = (t: Till, tenderId: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/stores/${t.storeId}/payments/card-authorizations/${tenderId}/cancel`,
      headers: t.device.headers,
    });
  /** A sale paid by a card held at the counter, placed on the server; returns its tender. */
  async function placedCardSale(t: Till) {
    const order = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_visa',
    });
    const tender = order.tenders[0];
    if (tender?.method !== 'card') throw new Error('expected a card tender');
    await hold(t, tender.id, order.id, tender.amount);
    await push(t.app, t.device.headers, t.storeId, 'orders', [
      { ...order, tenders: [{ ...tender, offline: false }] },
    ]);
    return tender;
  }
  const ledgerKinds = async () => (await sandbox.ledger()).entries.map((e) => [e.kind, e.amount]);

  it('releases a removed card hold once, however often the register asks', async () => {
    const t = await openTill(handle.db, payments());
    const tenderId = uuidv7();
    const orderId = uuidv7();
    await hold(t, tenderId, orderId, 1250);

    const answers = await Promise.all([cancel(t, tenderId), cancel(t, tenderId)]);
    answers.push(await cancel(t, tenderId));
    // Two racing requests: one releases, the other waits on its lock and finds it released.
    for (const a of answers) {
      expect(a.statusCode).toBe(200);
      expect(a.json()).toEqual({ tender_id: tenderId, status: 'canceled' });
    }
    expect(await ledgerKinds()).toEqual([
      ['authorization', 1250],
      ['cancel', 1250],
    ]);

    // The register cannot bring the released hold back by authorizing the same tender again.
    const again = await authorize(t, tenderId, orderId, 1250);
    expect(again.json()).toMatchObject({ error: { code: 'BUSINESS_RULE' } });
    expect((await cancel(t, 'never-authorized')).json()).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    await t.app.close();
  });

  it('finishes a cancel whose answer was lost when the register retries it', async () => {
    const t = await openTill(handle.db, payments());
    const tenderId = uuidv7();
    await hold(t, tenderId, uuidv7(), 900);
    await sandbox.setFaults({ scripts: { 'payment_intents.cancel': ['error:503:after'] } });

    const lost = await cancel(t, tenderId);
    expect(lost.statusCode).toBe(424);
    expect(lost.json()).toMatchObject({ error: { code: 'PROVIDER_UNAVAILABLE' } });
    expect((await cancel(t, tenderId)).json()).toEqual({ tender_id: tenderId, status: 'canceled' });
    expect(await ledgerKinds()).toEqual([
      ['authorization', 900],
      ['cancel', 900],
    ]);
    await t.app.close();
  });

  it('refuses to cancel a hold that already pays a placed sale', async () => {
    const t = await openTill(handle.db, payments());
    const tender = await placedCardSale(t);

    const refused = await cancel(t, tender.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'AUTHORIZATION_IN_ORDER' } });
    expect((await ledgerKinds()).map(([kind]) => kind)).toEqual(['authorization']);
    await t.app.close();
  });

  it('sweeps away holds whose sale never came, and leaves the ones a sale uses', async () => {
    const t = await openTill(handle.db, payments());
    await placedCardSale(t);
    const abandoned = uuidv7();
    await hold(t, abandoned, uuidv7(), 4321);
    const registry = paymentRegistryFromConfig(payments());

    // Younger than the configured time: kept, the customer may still be at the counter.
    expect(
      await sweepCounterHolds(handle.db, registry, { olderThanMs: 3_600_000, limit: 10 }),
    ).toBe(0);
    expect(await sweepCounterHolds(handle.db, registry, { olderThanMs: 0, limit: 10 })).toBe(1);
    expect(await sweepCounterHolds(handle.db, registry, { olderThanMs: 0, limit: 10 })).toBe(0);

    const { entries } = await sandbox.ledger();
    expect(entries.filter((e) => e.kind === 'cancel').map((e) => e.amount)).toEqual([4321]);
    expect((await cancel(t, abandoned)).json()).toEqual({
      tender_id: abandoned,
      status: 'canceled',
    });
    await t.app.close();
  });
});
