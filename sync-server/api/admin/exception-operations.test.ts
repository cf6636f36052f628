import { describe, expect, it } from 'vitest';
import type { OrderStateDoc } from '../../../domain/schemas';
import { raiseException } from '../../infra/exceptions/inbox';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { testBackends } from '../../../test/server-support/databases';
import { useStoreRig } from '../../../test/server-support/rigs';
import {
  ADMIN_HEADERS,
  makeOrder,
  pullEveryDocument,
  push,
} from '../../../test/server-support/fixtures';

describe.each(testBackends())('exceptions inbox on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'inbox', products: 3 });

  const exceptions = (path = '', init: { method?: 'GET' | 'POST'; payload?: object } = {}) =>
    rig.app.inject({
      method: init.method ?? 'GET',
      url: `/api/admin/stores/${rig.storeId}/exceptions${path}`,
      headers: ADMIN_HEADERS,
      ...(init.payload ? { payload: init.payload } : {}),
    });

  /** A placed order with an exception filed about it, as the order-placed workflow files one. */
  async function orderWithException(kind: string) {
    const order = makeOrder({ storeId: rig.storeId, deviceId: rig.device.deviceId });
    await push(rig.app, rig.device.headers, rig.storeId, 'orders', [order]);
    const id = await rig.db.transaction(async (tx) => {
      const raised = await raiseException(tx, {
        storeId: rig.storeId,
        kind,
        subjectId: order.id,
        message: 'Card declined: collect 12.00 later',
        detail: { amount: 1200 },
      });
      await refreshOrderStates(tx, rig.storeId, [order.id], new Date().toISOString());
      return raised;
    });
    return { order, id };
  }

  const stateOf = async (orderId: string) => {
    const states = await pullEveryDocument(
      rig.app,
      rig.db,
      rig.device.headers,
      rig.storeId,
      'order_states',
    );
    return (states as unknown as OrderStateDoc[]).find((s) => s.id === orderId);
  };

  it('resolves an exception with a note and who did it, and the register sees it resolved', async () => {
    const { order, id } = await orderWithException('payment_declined');
    expect((await stateOf(order.id))?.exceptions).toEqual([
      expect.objectContaining({ id, resolved_at: null }),
    ]);

    const open = await exceptions('?status=open&kind=payment_declined');
    expect(open.json<{ exceptions: { id: string }[] }>().exceptions.map((e) => e.id)).toContain(id);

    const resolved = await exceptions(`/${id}/resolve`, {
      method: 'POST',
      payload: { note: 'Customer paid cash at the counter', resolved_by: 'staff-morgan' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      id,
      status: 'resolved',
      resolved_by: 'staff-morgan',
      resolution_note: 'Customer paid cash at the counter',
      resolved_at: expect.any(String),
    });

    const state = await stateOf(order.id);
    expect(state?.exceptions).toEqual([
      expect.objectContaining({ id, code: 'payment_declined', resolved_at: expect.any(String) }),
    ]);

    const again = await exceptions(`/${id}/resolve`, {
      method: 'POST',
      payload: { note: 'twice', resolved_by: 'staff-morgan' },
    });
    expect(again.statusCode).toBe(409);
    expect((await exceptions(`/${id}`)).json()).toMatchObject({ status: 'resolved' });
    const bySubject = await exceptions(`?subject_id=${order.id}&status=resolved`);
    expect(bySubject.json<{ exceptions: unknown[] }>().exceptions).toHaveLength(1);
  });

  it('pages the inbox oldest first without repeats', async () => {
    for (let i = 0; i < 3; i++) await orderWithException('stock_oversold');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await exceptions(
        `?kind=stock_oversold&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      const body = page.json<{ exceptions: { id: string }[]; next_cursor: string | null }>();
      seen.push(...body.exceptions.map((e) => e.id));
      cursor = body.next_cursor;
    } while (cursor !== null);
    const whole = (await exceptions('?kind=stock_oversold')).json<{
      exceptions: { id: string }[];
    }>();
    expect(seen).toHaveLength(3);
    expect(seen).toEqual(whole.exceptions.map((e) => e.id));
  });

  it('refuses a resolution without a note, naming the field, and any call without the token', async () => {
    const { id } = await orderWithException('payment_declined');
    const noNote = await exceptions(`/${id}/resolve`, {
      method: 'POST',
      payload: { resolved_by: 'staff-morgan' },
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { 'body.note': expect.any(String) } },
    });
    const anonymous = await rig.app.inject({
      method: 'GET',
      url: `/api/admin/stores/${rig.storeId}/exceptions`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
