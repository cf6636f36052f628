import type { OrderDoc, PaymentRecord } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import type { PaymentMethod } from './registry';
import type { ProviderData } from './provider';

/** A payment row: the server's record of one tender's money. */
export interface StoredPayment extends PaymentRecord {
  readonly order_id: string;
  readonly method: PaymentMethod;
  readonly currency: string;
  readonly external_id: string | null;
  readonly data: ProviderData;
}

type Row = Omit<
  StoredPayment,
  'amount' | 'authorized_amount' | 'captured_amount' | 'refunded_amount'
> & {
  amount: string | number;
  authorized_amount: string | number;
  captured_amount: string | number;
  refunded_amount: string | number;
};

// bigint columns arrive as strings from node-postgres.
const fromRow = (r: Row): StoredPayment => ({
  ...r,
  amount: Number(r.amount),
  authorized_amount: Number(r.authorized_amount),
  captured_amount: Number(r.captured_amount),
  refunded_amount: Number(r.refunded_amount),
});

const COLUMNS = `id, order_id::text as order_id, tender_id, method, provider_id, currency, amount,
  authorized_amount, captured_amount, refunded_amount, canceled, requires_action, external_id, data`;

/** A payment as the order is placed, with what its provider said so far. */
export interface PlacedPayment extends PaymentRecord {
  readonly external_id: string | null;
  readonly data: ProviderData;
}

/**
 * The payment of a tender as the order is placed: cash is in the drawer, exchange credit given; a card authorized at
 * the counter (`authorization`) is held, waiting for capture; any other card waits for the
 * order-placed workflow to authorize it.
 */
export function placedPayment(
  tender: OrderDoc['tenders'][number],
  providerId: string,
  authorization: { provider_id: string; external_id: string | null; data: ProviderData } | null,
): PlacedPayment {
  const captured = tender.method === 'card' ? 0 : tender.amount;
  return {
    id: `pay-${tender.id}`,
    tender_id: tender.id,
    provider_id: authorization?.provider_id ?? providerId,
    amount: tender.amount,
    authorized_amount: authorization ? tender.amount : captured,
    captured_amount: captured,
    refunded_amount: 0,
    canceled: false,
    requires_action: false,
    external_id: authorization?.external_id ?? null,
    data: authorization?.data ?? {},
  };
}

/** Inserts the payments of newly placed orders; a payment already recorded is kept as it is. */
export async function insertPayments(
  tx: Queryable,
  storeId: string,
  placed: readonly { readonly order: OrderDoc; readonly payments: readonly PlacedPayment[] }[],
): Promise<void> {
  const rows = placed.flatMap(({ order, payments }) =>
    payments.map((p, i) => ({ p, order, method: order.tenders[i]?.method ?? 'card' })),
  );
  if (rows.length === 0) return;
  await tx.query(
    `insert into payments (id, store_id, order_id, tender_id, method, provider_id, currency, amount,
                           authorized_amount, captured_amount, external_id, data)
     select u.id, $1, u.order_id, u.tender_id, u.method, u.provider_id, u.currency, u.amount,
            u.authorized_amount, u.captured_amount, u.external_id, u.data::jsonb
     from unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                 $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[])
       as u(id, order_id, tender_id, method, provider_id, currency, amount, authorized_amount,
            captured_amount, external_id, data)
     on conflict (id) do nothing`,
    [
      storeId,
      rows.map((r) => r.p.id),
      rows.map((r) => r.order.id),
      rows.map((r) => r.p.tender_id),
      rows.map((r) => r.method),
      rows.map((r) => r.p.provider_id),
      rows.map((r) => r.order.currency),
      rows.map((r) => r.p.amount),
      rows.map((r) => r.p.authorized_amount),
      rows.map((r) => r.p.captured_amount),
      rows.map((r) => r.p.external_id),
      rows.map((r) => JSON.stringify(r.p.data)),
    ],
  );
}

export async function orderPayments(q: Queryable, orderId: string): Promise<StoredPayment[]> {
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from payments where order_id = $1 order by id`,
    [orderId],
  );
  return rows.map(fromRow);
}

export async function paymentsOfOrders(
  q: Queryable,
  orderIds: readonly string[],
): Promise<StoredPayment[]> {
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from payments where order_id = any($1::uuid[]) order by id`,
    [orderIds],
  );
  return rows.map(fromRow);
}

export interface PaymentChange {
  readonly authorized_amount?: number;
  readonly captured_amount?: number;
  readonly refunded_amount?: number;
  readonly canceled?: boolean;
  readonly requires_action?: boolean;
  readonly external_id?: string;
  readonly data?: ProviderData;
}

export async function updatePayment(
  tx: Queryable,
  id: string,
  change: PaymentChange,
): Promise<void> {
  await tx.query(
    `update payments set
       authorized_amount = coalesce($2, authorized_amount),
       captured_amount = coalesce($3, captured_amount),
       refunded_amount = coalesce($4, refunded_amount),
       canceled = coalesce($5, canceled),
       requires_action = coalesce($6, requires_action),
       external_id = coalesce($7, external_id),
       data = coalesce($8::jsonb, data),
       updated_at = now()
     where id = $1`,
    [
      id,
      change.authorized_amount ?? null,
      change.captured_amount ?? null,
      change.refunded_amount ?? null,
      change.canceled ?? null,
      change.requires_action ?? null,
      change.external_id ?? null,
      change.data === undefined ? null : JSON.stringify(change.data),
    ],
  );
}

/** The record the registers see: no provider data, which is the server's business alone. */
export const paymentRecord = (p: PaymentRecord): PaymentRecord => ({
  id: p.id,
  tender_id: p.tender_id,
  provider_id: p.provider_id,
  amount: p.amount,
  authorized_amount: p.authorized_amount,
  captured_amount: p.captured_amount,
  refunded_amount: p.refunded_amount,
  canceled: p.canceled,
  requires_action: p.requires_action,
});
