import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type {
  AuditEventDoc,
  CashEventDoc,
  DraftOrderDoc,
  OrderDoc,
  ReturnRequestDoc,
} from '../../../domain/schemas/documents';
import { openExceptions } from '../../modules/exceptions/exceptions';
import { OFFLINE_CARD_EXCEPTION } from '../../modules/orders/offline-card-checks';
import { STAFF_INACTIVE, STAFF_UNKNOWN } from '../../modules/orders/staff-checks';
import { testBackends } from '../../../test/server-support/databases';
import {
  ADMIN_HEADERS,
  makeOrder,
  pairTestDevice,
  patchStoreSettings,
  push,
} from '../../../test/server-support/fixtures';
import { useStoreRig } from '../../../test/server-support/rigs';

/*
 * A register pushing facts it did not make, or naming who made them as it likes: the device
 * is the token's, and the staff named must be the store's (issue 11, item 5).
 */

const at = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

describe.each(testBackends())('who pushed a fact, on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'identity', products: 3 });

  const sale = (overrides: Partial<OrderDoc> = {}): OrderDoc => ({
    ...makeOrder({ storeId: rig.storeId, deviceId: rig.device.deviceId }),
    ...overrides,
  });
  const cashEvent = (overrides: Partial<CashEventDoc> = {}): CashEventDoc => ({
    id: uuidv7(),
    store_id: rig.storeId,
    device_id: rig.device.deviceId,
    session_id: uuidv7(),
    staff_id: 'staff-casey',
    type: 'open',
    amount: 10_000,
    currency: 'USD',
    reason: '',
    denominations: [],
    created_at: at(),
    updated_at: at(),
    ...overrides,
  });
  const auditEvent = (overrides: Partial<AuditEventDoc> = {}): AuditEventDoc => ({
    id: uuidv7(),
    store_id: rig.storeId,
    device_id: rig.device.deviceId,
    staff_id: 'staff-casey',
    approver_id: null,
    action: 'sign_in',
    subject_id: '',
    detail: '',
    created_at: at(),
    updated_at: at(),
    ...overrides,
  });
  const returnOf = (order: OrderDoc, overrides: Partial<ReturnRequestDoc> = {}) => ({
    id: uuidv7(),
    store_id: rig.storeId,
    device_id: rig.device.deviceId,
    order_id: order.id,
    cashier_id: 'staff-casey',
    approver_id: 'staff-morgan',
    lines: [{ line_id: order.lines[0]?.id ?? '', quantity: 1, reason: 'Damaged', restock: true }],
    refund_method: 'original' as const,
    refund_amount: 0,
    register_session_id: null,
    created_at: at(),
    updated_at: at(),
    ...overrides,
  });
  const draft = (overrides: Partial<DraftOrderDoc> = {}): DraftOrderDoc => ({
    id: uuidv7(),
    store_id: rig.storeId,
    updated_at: at(),
    revision: 0,
    status: 'parked',
    device_id: rig.device.deviceId,
    staff_id: 'staff-casey',
    customer_id: null,
    label: 'Held',
    lines: sale().lines,
    order_discount: null,
    approvals: [],
    order_id: null,
    created_at: at(),
    ...overrides,
  });

  const pushed = (collection: string, docs: readonly Record<string, unknown>[]) =>
    push(rig.app, rig.device.headers, rig.storeId, collection, docs);
  const storedIds = async (table: 'orders' | 'sync_documents', ids: readonly string[]) =>
    (
      await rig.db.query<{ id: string }>(
        `select id::text as id from ${table} where id::text = any($1)`,
        [ids],
      )
    ).rows.map((r) => r.id);
  const exceptionsOf = async (subjectId: string) =>
    (await openExceptions(rig.db, rig.storeId))
      .filter((e) => e.subject_id === subjectId)
      .map((e) => e.kind);

  it('refuses, in every collection, a document naming another device than the pusher', async () => {
    const placed = sale();
    expect((await pushed('orders', [placed])).rejected).toEqual([]);
    const other = await pairTestDevice(rig.app, rig.storeId);
    const forged = {
      orders: sale({ device_id: 'not-a-device' }),
      cash_events: cashEvent({ device_id: other.deviceId }),
      audit_events: auditEvent({ device_id: 'not-a-device' }),
      return_requests: returnOf(placed, { device_id: other.deviceId }),
      draft_orders: draft({ device_id: other.deviceId }),
    };
    for (const [collection, doc] of Object.entries(forged)) {
      const result = await pushed(collection, [doc]);
      expect({ collection, rejected: result.rejected }).toEqual({
        collection,
        rejected: [{ id: doc.id, code: 'DEVICE_MISMATCH', message: expect.any(String) }],
      });
    }
    const ids = Object.values(forged).map((d) => d.id);
    expect(await storedIds('orders', ids)).toEqual([]);
    expect(await storedIds('sync_documents', ids)).toEqual([]);
  });

  it('counts the per-register card limit by the device that pushed, not one made up per sale', async () => {
    const card = (deviceId: string) => ({
      ...makeOrder({ storeId: rig.storeId, deviceId, tender: 'card_offline' }),
    });
    const first = card(rig.device.deviceId);
    await patchStoreSettings(rig.app, rig.storeId, {
      offline_card_limit_per_sale: 10_000_000,
      offline_card_limit_per_device: first.totals.total,
    });
    // Taken while the first was still held: over the register's total, whatever id it claims.
    const escaping = { ...card(`made-up-${uuidv7()}`), placed_at: first.placed_at };
    expect((await pushed('orders', [first])).rejected).toEqual([]);
    expect((await pushed('orders', [escaping])).rejected).toEqual([
      { id: escaping.id, code: 'DEVICE_MISMATCH', message: expect.any(String) },
    ]);
    const honest = { ...card(rig.device.deviceId), placed_at: first.placed_at };
    expect((await pushed('orders', [honest])).rejected).toEqual([]);
    expect(
      (await openExceptions(rig.db, rig.storeId))
        .filter((e) => e.kind === OFFLINE_CARD_EXCEPTION)
        .map((e) => e.subject_id),
    ).toEqual([honest.id]);
  });

  it("refuses a sale, cash event or return put in another register's session", async () => {
    const placed = sale();
    expect((await pushed('orders', [placed])).rejected).toEqual([]);
    const other = await pairTestDevice(rig.app, rig.storeId);
    const theirs = cashEvent({ device_id: other.deviceId });
    const opened = await push(rig.app, other.headers, rig.storeId, 'cash_events', [theirs]);
    expect(opened.rejected).toEqual([]);
    const intoTheirs = {
      cash_events: cashEvent({
        session_id: theirs.session_id,
        type: 'paid_out',
        amount: 5_000,
        reason: 'Taken',
      }),
      orders: sale({ register_session_id: theirs.session_id }),
      return_requests: returnOf(placed, { register_session_id: theirs.session_id }),
    };
    for (const [collection, doc] of Object.entries(intoTheirs)) {
      const result = await pushed(collection, [doc]);
      expect({ collection, rejected: result.rejected }).toEqual({
        collection,
        rejected: [{ id: doc.id, code: 'DEVICE_MISMATCH', message: expect.any(String) }],
      });
    }
    // Its own session is its own to use.
    const mine = cashEvent();
    expect((await pushed('cash_events', [mine])).rejected).toEqual([]);
    expect(
      (await pushed('orders', [sale({ register_session_id: mine.session_id })])).rejected,
    ).toEqual([]);
  });

  it('keeps a paid sale by someone the store does not know, and files it for a manager', async () => {
    const stranger = sale({ cashier_id: 'not-staff' });
    const known = sale();
    expect((await pushed('orders', [stranger, known])).rejected).toEqual([]);
    expect(await storedIds('orders', [stranger.id, known.id])).toHaveLength(2);
    expect(await exceptionsOf(stranger.id)).toEqual([STAFF_UNKNOWN]);
    expect(await exceptionsOf(known.id)).toEqual([]);
    // Every fact naming its maker is held to the same rule.
    const event = auditEvent({ staff_id: 'not-staff' });
    expect((await pushed('audit_events', [event])).rejected).toEqual([]);
    expect(await exceptionsOf(event.id)).toEqual([STAFF_UNKNOWN]);
  });

  it('tells a sale made before its cashier was deactivated from one made after', async () => {
    const before = sale({ cashier_id: 'staff-alex', placed_at: at(-60_000) });
    const deactivated = await rig.app.inject({
      method: 'POST',
      url: `/api/admin/stores/${rig.storeId}/staff/staff-alex/deactivate`,
      headers: ADMIN_HEADERS,
    });
    expect(deactivated.statusCode).toBe(200);
    const after = sale({ cashier_id: 'staff-alex', placed_at: at(60_000) });
    // The register was offline: both arrive after the deactivation.
    expect((await pushed('orders', [before, after])).rejected).toEqual([]);
    expect(await exceptionsOf(before.id)).toEqual([]);
    expect(await exceptionsOf(after.id)).toEqual([STAFF_INACTIVE]);
  });
});
