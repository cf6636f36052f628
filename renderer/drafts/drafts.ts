import { z } from 'zod';
import { DraftOrderDoc, Id } from '../../domain/schemas';
import type { TaxRateDoc } from '../../domain/schemas';
import { toOrderLines } from '../cart/cart';
import type { Cart } from '../cart/cart';

/*
 * Parked sales are the one kind of document two registers may both write. Every write bumps
 * `revision`; the server keeps the first write made from a given revision and hands the later
 * one back as a conflict, which RxDB settles by taking the server's copy. A register therefore
 * learns it lost by seeing its draft come back written by another device.
 */

export interface ParkInput {
  readonly cart: Cart;
  readonly taxRates: ReadonlyMap<string, TaxRateDoc>;
  readonly storeId: string;
  readonly deviceId: string;
  readonly staffId: string;
  readonly label: string;
  readonly now: Date;
  readonly newId: () => string;
  /** The draft this cart was resumed from: parking it again updates that draft. */
  readonly resumed: DraftOrderDoc | null;
}

/** A default label tells parked sales apart in the list when the cashier gave none. */
export function draftLabel(label: string, id: string): string {
  const trimmed = label.trim().slice(0, 200);
  return trimmed === '' ? `Sale ${id.slice(-4)}` : trimmed;
}

export function parkDraft(input: ParkInput): DraftOrderDoc {
  const at = input.now.toISOString();
  const id = input.resumed?.id ?? input.newId();
  return DraftOrderDoc.parse({
    id,
    store_id: input.storeId,
    updated_at: at,
    revision: input.resumed ? input.resumed.revision + 1 : 0,
    status: 'parked',
    device_id: input.deviceId,
    staff_id: input.staffId,
    customer_id: input.cart.customer_id ?? null,
    label: draftLabel(input.label === '' ? (input.resumed?.label ?? '') : input.label, id),
    lines: toOrderLines(input.cart, input.taxRates),
    order_discount: input.cart.order_discount ?? null,
    approvals: input.cart.approvals ?? [],
    order_id: input.cart.order_id ?? null,
    created_at: input.resumed?.created_at ?? at,
  });
}

/** The next revision of a draft as this register writes it. */
export function nextRevision(
  draft: DraftOrderDoc,
  status: DraftOrderDoc['status'],
  deviceId: string,
  now: Date,
): DraftOrderDoc {
  return {
    ...draft,
    status,
    revision: draft.revision + 1,
    device_id: deviceId,
    updated_at: now.toISOString(),
  };
}

/** The cart a resumed draft becomes: its lines keep their ids so a lost resume can take them back. */
export function draftToCart(draft: DraftOrderDoc): Cart {
  return {
    lines: draft.lines.map((l) => ({
      line_id: l.id,
      product_id: l.product_id,
      sku: l.sku,
      name: l.name,
      unit_price: l.unit_price,
      tax_rate_ids: l.tax_lines.map((t) => t.tax_rate_id),
      quantity: l.quantity,
      discount: l.discount,
      original_unit_price: l.original_unit_price,
    })),
    ...(draft.order_discount ? { order_discount: draft.order_discount } : {}),
    ...(draft.customer_id ? { customer_id: draft.customer_id } : {}),
    ...(draft.approvals.length > 0 ? { approvals: draft.approvals } : {}),
    ...(draft.order_id ? { order_id: draft.order_id } : {}),
  };
}

/** What this register remembers about the draft whose lines are in its cart. */
export const ActiveDraft = z.object({
  draft_id: Id,
  /** The revision this register wrote when it resumed the draft. */
  revision: z.number().int().min(0),
  label: z.string().max(200),
  line_ids: z.array(Id).max(500),
});
export type ActiveDraft = z.infer<typeof ActiveDraft>;

export function restoreActiveDraft(stored: unknown): ActiveDraft | null {
  const parsed = ActiveDraft.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * Whether the draft as it now stands says another register took it from us: it is at or past
 * the revision we wrote (older copies are just replication catching up) and was last written
 * by someone else, or put back, or dropped.
 */
export function lostTo(active: ActiveDraft, current: DraftOrderDoc, deviceId: string): boolean {
  if (current.revision < active.revision) return false;
  if (current.device_id !== deviceId) return true;
  return current.status === 'parked' || current.status === 'discarded';
}
