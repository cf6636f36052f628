import type { AppError } from '../../../domain/errors';
import type { OrderDoc } from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { claimCommands, holdLeases, LeaseLostError } from '../../infra/ledger/ledger';
import type { ClaimOutcome } from '../../infra/ledger/ledger';
import { fingerprintOf } from '../../infra/ledger/canonical';
import type { PaymentRegistry } from '../payments/registry';
import { placeClaimedOrders } from './place-orders';
import type { ClaimedOrder, PlacedResult, PlaceOutcome } from './place-orders';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';

export interface IngestOptions {
  readonly owner: string;
  readonly leaseMs: number;
  /** Which provider takes each tender's payment. */
  readonly payments: PaymentRegistry;
  readonly clock: Clock;
  /**
   * Runs between the claims and the write, with the ids of the orders claimed. Production leaves
   * it unset; fault injection (api/replication/push-faults.ts) installs a delay here.
   */
  readonly afterClaim?: (orderIds: readonly string[]) => Promise<void>;
}

export type IngestOutcome =
  | { readonly kind: 'placed'; readonly ackId: number; readonly replay: boolean }
  | {
      readonly kind: 'rejected';
      readonly error: AppError;
      /** A rejected order state was recorded for the register to pull. */
      readonly stateWritten: boolean;
    }
  /** A server fault: nothing was written and the claim stays for a retry to take over. */
  | { readonly kind: 'failed'; readonly cause: unknown };

const inProgress = (orderId: string): IngestOutcome => ({
  kind: 'rejected',
  error: {
    code: 'IN_PROGRESS',
    message: `order ${orderId} is being placed by another request; retry shortly`,
  },
  stateWritten: false,
});

/**
 * Places pushed orders of one store exactly once, answering in the order given. The claims of
 * a batch are one statement; everything the claimed orders change (order rows, acks, states,
 * stock, projections, ledger results) is one more transaction, fenced by the lease tokens, so a
 * crash in between leaves only claims that a later push takes over once their leases expire.
 * An id repeated within the batch is handled after its first occurrence, as if pushed again.
 */
export async function ingestOrders(
  db: Db,
  storeId: string,
  orders: readonly OrderDoc[],
  opts: IngestOptions,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  orders.forEach((order, index) => {
    if (order.store_id !== storeId) throw new Error(`order ${order.id} is not of store ${storeId}`);
    const round = seen.get(order.id) ?? 0;
    seen.set(order.id, round + 1);
    (rounds[round] ??= []).push(index);
  });
  for (const indexes of rounds) {
    const results = await ingestDistinct(
      db,
      storeId,
      indexes.map((i) => orders[i] as OrderDoc),
      opts,
    );
    indexes.forEach((orderIndex, k) => {
      outcomes[orderIndex] = results[k] as IngestOutcome;
    });
  }
  return outcomes;
}

/** ingestOrders for orders whose ids are all different. */
async function ingestDistinct(
  db: Db,
  storeId: string,
  orders: readonly OrderDoc[],
  opts: IngestOptions,
): Promise<IngestOutcome[]> {
  const fingerprints = orders.map((order) => fingerprintOf(order));
  let claims: ClaimOutcome[];
  try {
    claims = await claimCommands(
      db,
      orders.map((order, i) => ({
        commandId: order.id,
        storeId,
        kind: 'orders',
        fingerprint: fingerprints[i] as string,
      })),
      opts,
    );
  } catch (cause) {
    return orders.map(() => ({ kind: 'failed', cause }));
  }

  const claimed: ClaimedOrder[] = [];
  const early = claims.map((claim, i): IngestOutcome | null => {
    const order = orders[i] as OrderDoc;
    switch (claim.kind) {
      case 'claimed':
        claimed.push({ order, fingerprint: fingerprints[i] as string, token: claim.token });
        return null;
      case 'mismatch':
        return {
          kind: 'rejected',
          error: {
            code: 'IDEMPOTENCY_MISMATCH',
            message: `order ${order.id} was already received with different contents; a placed order cannot change`,
          },
          stateWritten: false,
        };
      case 'in_progress':
        return inProgress(order.id);
      case 'replay':
        return { kind: 'placed', ackId: (claim.result as PlacedResult).ack_id, replay: true };
    }
  });
  if (claimed.length > 0) await opts.afterClaim?.(claimed.map((c) => c.order.id));
  const placed =
    claimed.length > 0
      ? await placeFenced(db, storeId, claimed, opts.payments, opts.clock)
      : new Map<string, IngestOutcome>();
  return orders.map((order, i) => early[i] ?? placed.get(order.id) ?? inProgress(order.id));
}

function fromPlace(outcome: PlaceOutcome): IngestOutcome {
  return outcome.kind === 'placed'
    ? { kind: 'placed', ackId: outcome.ackId, replay: false }
    : { kind: 'rejected', error: outcome.error, stateWritten: outcome.stateWritten };
}

/**
 * One transaction for all claimed orders: lock the leases still ours (a taken-over order is
 * left to its new owner), then write the batch. If the batch fails, it is rolled back to a
 * savepoint and each order is written under its own savepoint, so one order the database
 * refuses fails alone and never blocks the others.
 */
async function placeFenced(
  db: Db,
  storeId: string,
  claimed: readonly ClaimedOrder[],
  payments: PaymentRegistry,
  clock: Clock,
): Promise<Map<string, IngestOutcome>> {
  try {
    return await db.transaction(async (tx) => {
      const held = await holdLeases(
        tx,
        claimed.map((c) => ({ commandId: c.order.id, token: c.token })),
      );
      const results = new Map<string, IngestOutcome>();
      const mine = claimed.filter((c) => held.has(c.order.id));
      // Taken over by another instance: that attempt owns the order now.
      for (const c of claimed) {
        if (!held.has(c.order.id)) results.set(c.order.id, inProgress(c.order.id));
      }
      const now = nowIso(clock);
      const batch = await inSavepoint(tx, mine.length > 1, () =>
        placeClaimedOrders(tx, storeId, mine, now, payments),
      );
      if (batch.ok) {
        for (const [id, outcome] of batch.value) results.set(id, fromPlace(outcome));
        return results;
      }
      for (const one of mine) {
        const single = await inSavepoint(tx, true, () =>
          placeClaimedOrders(tx, storeId, [one], now, payments),
        );
        if (!single.ok) results.set(one.order.id, { kind: 'failed', cause: single.cause });
        else for (const [id, outcome] of single.value) results.set(id, fromPlace(outcome));
      }
      return results;
    });
  } catch (cause) {
    const outcome = (id: string): IngestOutcome =>
      cause instanceof LeaseLostError ? inProgress(id) : { kind: 'failed', cause };
    return new Map(claimed.map((c) => [c.order.id, outcome(c.order.id)]));
  }
}

type Attempt<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly cause: unknown };

/**
 * Runs `fn` so that its failure undoes only its own writes. Without `isolate` a failure throws
 * (the caller's transaction rolls back); a lost lease always throws, voiding the whole attempt.
 */
async function inSavepoint<T>(
  tx: Queryable,
  isolate: boolean,
  fn: () => Promise<T>,
): Promise<Attempt<T>> {
  if (!isolate) return { ok: true, value: await fn() };
  await tx.query('savepoint place_orders');
  try {
    const value = await fn();
    await tx.query('release savepoint place_orders');
    return { ok: true, value };
  } catch (cause) {
    if (cause instanceof LeaseLostError) throw cause;
    await tx.query('rollback to savepoint place_orders');
    return { ok: false, cause };
  }
}
