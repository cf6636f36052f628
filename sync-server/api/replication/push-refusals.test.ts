import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../../domain/schemas/collections';
import { testBackends } from '../../../test/server-support/databases';
import { useStoreRig } from '../../../test/server-support/rigs';
import { orderStateOf, push } from '../../../test/server-support/fixtures';
import { PUSHED_COLLECTIONS, pushableDoc } from '../../../test/server-support/pushable-docs';
import type { PushedCollection } from '../../../test/server-support/pushable-docs';

/*
 * Rows that pass a loose schema but can never be stored or computed: text the database cannot
 * hold, and numbers whose products leave the safe-integer range. Each must be refused at once
 * with a permanent code naming the field, never INTERNAL (which a register takes as "retry").
 */

type Doc = Record<string, unknown>;

/** A copy of `doc` with the value at a dotted path (`lines.0.name`) replaced. */
function withField(doc: Doc, path: string, value: unknown): Doc {
  const copy = structuredClone(doc);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: Record<string, unknown> = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

const TEXT_FIELDS: readonly [PushedCollection, string][] = [
  ['orders', 'note'],
  ['orders', 'lines.0.name'],
  ['orders', 'cashier_id'],
  ['orders', 'customer_id'],
  ['return_requests', 'lines.0.reason'],
  ['cash_events', 'reason'],
  ['cash_events', 'staff_id'],
  ['customers', 'name'],
  ['draft_orders', 'label'],
  ['draft_orders', 'lines.0.note'],
  ['audit_events', 'detail'],
];

const UNSTORABLE: readonly [string, string][] = [
  ['a lone high surrogate', 'x\ud83e'],
  ['a lone low surrogate', '\udd16x'],
  ['a NUL character', 'a\u0000b'],
];

describe.each(testBackends())('push refusals on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'refusals', products: 3 });

  it('names every collection a register pushes', () => {
    const pushed = Object.entries(COLLECTIONS)
      .filter(([, spec]) => spec.direction !== 'down')
      .map(([name]) => name);
    expect([...PUSHED_COLLECTIONS].sort()).toEqual(pushed.sort());
  });

  it('accepts each base document, so a refusal below is the corrupted field', async () => {
    for (const collection of PUSHED_COLLECTIONS) {
      const doc = pushableDoc(collection, rig.storeId, rig.device.deviceId);
      const result = await push(rig.app, rig.device.headers, rig.storeId, collection, [doc]);
      expect({ collection, ...result }).toEqual({
        collection,
        conflicts: [],
        rejected: [],
        statusCode: 200,
      });
    }
  });

  describe.each(UNSTORABLE)('text with %s', (_label, text) => {
    it.each(TEXT_FIELDS)('refuses it in %s %s as INVALID_INPUT naming the field', async (c, f) => {
      const doc = withField(pushableDoc(c, rig.storeId, rig.device.deviceId), f, text);
      const result = await push(rig.app, rig.device.headers, rig.storeId, c, [doc]);
      expect(result.rejected).toEqual([
        { id: doc.id, code: 'INVALID_INPUT', message: expect.stringContaining(f) },
      ]);
    });
  });

  it('records a refused order for the register to pull, with the field that was wrong', async () => {
    const order = withField(
      pushableDoc('orders', rig.storeId, rig.device.deviceId),
      'note',
      'x\ud83e',
    );
    await push(rig.app, rig.device.headers, rig.storeId, 'orders', [order]);
    const state = await orderStateOf(rig.app, rig.device.headers, rig.storeId, String(order.id));
    expect(state).toMatchObject({
      status: 'rejected',
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('note') },
    });
  });

  it('refuses a line whose price times quantity overflows, at once and for good', async () => {
    const order = pushableDoc('orders', rig.storeId, rig.device.deviceId);
    const huge = withField(withField(order, 'lines.0.unit_price', 9e15), 'lines.0.quantity', 1e6);
    const result = await push(rig.app, rig.device.headers, rig.storeId, 'orders', [huge]);
    expect(result.rejected).toEqual([
      { id: order.id, code: 'INVALID_INPUT', message: expect.stringContaining('lines') },
    ]);
    const state = await orderStateOf(rig.app, rig.device.headers, rig.storeId, String(order.id));
    expect(state).toMatchObject({ status: 'rejected', error: { code: 'INVALID_INPUT' } });
  });

  it('refuses lines that each fit but together overflow the total', async () => {
    const order = pushableDoc('orders', rig.storeId, rig.device.deviceId);
    const line = (order.lines as Doc[])[0] ?? {};
    const lines = Array.from({ length: 500 }, (_, i) => ({
      ...line,
      id: `${String(line.id).slice(0, 24)}${String(i).padStart(12, '0')}`,
      unit_price: 90_000_000_000,
      quantity: 1_000_000,
      original_unit_price: null,
    }));
    const result = await push(rig.app, rig.device.headers, rig.storeId, 'orders', [
      { ...order, lines },
    ]);
    expect(result.rejected).toEqual([
      { id: order.id, code: 'INVALID_INPUT', message: expect.stringContaining('lines') },
    ]);
  });

  it.each(PUSHED_COLLECTIONS)(
    'refuses a %s time whose UTC offset PostgreSQL cannot hold, naming the field',
    async (collection) => {
      const doc = pushableDoc(collection, rig.storeId, rig.device.deviceId);
      const late = { ...doc, updated_at: '2026-01-01T00:00:00+23:59' };
      const result = await push(rig.app, rig.device.headers, rig.storeId, collection, [late]);
      expect(result.rejected).toEqual([
        { id: doc.id, code: 'INVALID_INPUT', message: expect.stringContaining('updated_at') },
      ]);
    },
  );

  it('refuses a cash count whose denominations overflow as INVALID_INPUT', async () => {
    const event = pushableDoc('cash_events', rig.storeId, rig.device.deviceId);
    const denominations = Array.from({ length: 40 }, () => ({
      value: 1_000_000_000,
      count: 1_000_000,
    }));
    const result = await push(rig.app, rig.device.headers, rig.storeId, 'cash_events', [
      { ...event, denominations },
    ]);
    expect(result.rejected).toMatchObject([{ id: event.id, code: 'INVALID_INPUT' }]);
  });
});
