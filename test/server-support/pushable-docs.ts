import { uuidv7 } from '../../domain/ids';
import type { CollectionName } from '../../domain/schemas';
import { makeOrder } from './fixtures';

/**
 * The collections a register pushes: device facts and shared documents (every collection whose
 * direction is not `down`; the push tests check that this list names them all).
 */
export const PUSHED_COLLECTIONS = [
  'orders',
  'return_requests',
  'cash_events',
  'audit_events',
  'customers',
  'draft_orders',
] as const satisfies readonly CollectionName[];
export type PushedCollection = (typeof PUSHED_COLLECTIONS)[number];

type Doc = Record<string, unknown>;

/**
 * One document of `collection` the server accepts, as a register would push it: the base that
 * tests corrupt one field of. Each call has fresh ids, so pushes never collide.
 */
export function pushableDoc(collection: PushedCollection, storeId: string, deviceId: string): Doc {
  const now = new Date().toISOString();
  const fact = { id: uuidv7(), store_id: storeId, device_id: deviceId };
  switch (collection) {
    case 'orders':
      return { ...makeOrder({ storeId, deviceId }), note: 'gift wrap' };
    case 'return_requests':
      return {
        ...fact,
        order_id: uuidv7(),
        cashier_id: 'staff-casey',
        approver_id: null,
        lines: [{ line_id: uuidv7(), quantity: 1, reason: 'Damaged', restock: true }],
        refund_method: 'cash',
        refund_amount: 500,
        register_session_id: null,
        created_at: now,
        updated_at: now,
      };
    case 'cash_events':
      return {
        ...fact,
        session_id: uuidv7(),
        staff_id: 'staff-casey',
        type: 'paid_in',
        amount: 2500,
        currency: 'USD',
        reason: 'float top-up',
        denominations: [{ value: 500, count: 5 }],
        created_at: now,
        updated_at: now,
      };
    case 'audit_events':
      return {
        ...fact,
        staff_id: 'staff-casey',
        approver_id: null,
        action: 'sign_in',
        subject_id: '',
        detail: 'signed in',
        created_at: now,
        updated_at: now,
      };
    case 'customers':
      return {
        id: uuidv7(),
        store_id: storeId,
        updated_at: now,
        name: 'Dana Shopper',
        email: 'dana@example.com',
        phone: '+15550100',
        merged_into: null,
        created_at: now,
      };
    case 'draft_orders': {
      const { lines } = makeOrder({ storeId, deviceId });
      return {
        id: uuidv7(),
        store_id: storeId,
        updated_at: now,
        revision: 0,
        status: 'parked',
        device_id: deviceId,
        staff_id: 'staff-casey',
        customer_id: null,
        label: 'table 4',
        lines,
        order_discount: null,
        approvals: [],
        order_id: null,
        created_at: now,
      };
    }
  }
}
