import type { Queryable } from '../db/db';

/*
 * The command ledger makes at-least-once pushes exactly-once in effect. A command id (the
 * pushed document's id) is claimed with a lease; its work then runs in one transaction that
 * first locks and finally completes the claim under the same lease_token. Taking over an
 * expired lease increments the token, so a worker that lost its lease cannot complete: its
 * transaction rolls back and the new owner's result stands (fencing).
 *
 * Every operation takes a whole push batch in one statement; ids within one call must be
 * distinct (the caller splits repeats into later calls).
 */

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly token: number }
  | { readonly kind: 'replay'; readonly result: unknown }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_progress' };

/** What identifies a command: the same id must always come with the same fingerprint. */
export interface CommandKey {
  /** A lowercase UUID (the pushed document's id). */
  readonly commandId: string;
  readonly storeId: string;
  readonly kind: string;
  readonly fingerprint: string;
}

export interface Lease {
  /** Who holds the lease (server instance), for operators reading the table. */
  readonly owner: string;
  readonly leaseMs: number;
}

export interface ClaimRequest extends CommandKey, Lease {}

/** A claim this worker holds: the work is void unless the token is still current. */
export interface HeldClaim {
  readonly commandId: string;
  readonly token: number;
}

/** A lease (on a command or a job) was taken over by another worker: this attempt is void. */
export class LeaseLostError extends Error {
  constructor(subject: string) {
    super(`the lease on ${subject} was taken over; this attempt is void`);
    this.name = 'LeaseLostError';
  }
}

interface LedgerRow {
  command_id: string;
  store_id: string;
  kind: string;
  fingerprint: string;
  status: 'in_progress' | 'done';
  result: unknown;
}

/**
 * Claims commands in one autocommitted statement and answers in the order asked. A new id is
 * inserted with token 1; an id whose lease expired before completion is taken over (token + 1)
 * if it names the same bytes. ON CONFLICT judges the latest committed row and locks it, so two
 * claimers can never both win. Ids are inserted in sorted order so concurrent batches that
 * share ids wait on each other instead of deadlocking.
 */
export async function claimCommands(
  db: Queryable,
  commands: readonly CommandKey[],
  lease: Lease,
): Promise<ClaimOutcome[]> {
  if (commands.length === 0) return [];
  const ids = commands.map((c) => c.commandId);
  // One statement cannot claim a row twice (ON CONFLICT refuses); repeats go in a later call.
  if (new Set(ids).size !== ids.length) throw new Error('claimCommands: repeated command id');
  const claimed = await db.query<{ command_id: string; lease_token: number | string }>(
    `insert into command_ledger as l
       (command_id, store_id, kind, fingerprint, status, lease_owner, lease_token, lease_expires_at)
     select c.command_id, c.store_id, c.kind, c.fingerprint, 'in_progress', $5, 1,
            clock_timestamp() + $6 * interval '1 millisecond'
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       as c(command_id, store_id, kind, fingerprint)
     order by c.command_id
     on conflict (command_id) do update
       set lease_token = l.lease_token + 1, lease_owner = excluded.lease_owner,
           lease_expires_at = excluded.lease_expires_at
       where l.status = 'in_progress'
         and not coalesce(l.lease_expires_at > clock_timestamp(), false)
         and (l.fingerprint, l.kind, l.store_id) = (excluded.fingerprint, excluded.kind, excluded.store_id)
     returning l.command_id::text as command_id, l.lease_token`,
    [
      ids,
      commands.map((c) => c.storeId),
      commands.map((c) => c.kind),
      commands.map((c) => c.fingerprint),
      lease.owner,
      lease.leaseMs,
    ],
  );
  const tokens = new Map(claimed.rows.map((r) => [r.command_id, Number(r.lease_token)]));
  const others = ids.filter((id) => !tokens.has(id));
  const existing = new Map<string, LedgerRow>();
  if (others.length > 0) {
    const { rows } = await db.query<LedgerRow>(
      `select command_id::text as command_id, store_id, kind, fingerprint, status, result
       from command_ledger where command_id = any($1::uuid[])`,
      [others],
    );
    for (const row of rows) existing.set(row.command_id, row);
  }
  return commands.map((c): ClaimOutcome => {
    const token = tokens.get(c.commandId);
    if (token !== undefined) return { kind: 'claimed', token };
    const row = existing.get(c.commandId);
    // Given back (a refused command) between our two statements: a retry claims it afresh.
    if (!row) return { kind: 'in_progress' };
    if (row.fingerprint !== c.fingerprint || row.kind !== c.kind || row.store_id !== c.storeId) {
      return { kind: 'mismatch' };
    }
    return row.status === 'done' ? { kind: 'replay', result: row.result } : { kind: 'in_progress' };
  });
}

export async function claimCommand(db: Queryable, req: ClaimRequest): Promise<ClaimOutcome> {
  const [outcome] = await claimCommands(db, [req], req);
  if (!outcome) throw new Error(`no claim outcome for ${req.commandId}`);
  return outcome;
}

/**
 * Locks, for the rest of the caller's transaction, every entry whose lease is still ours, so
 * no takeover can start while the work runs. Returns the ids held; the others were taken over.
 */
export async function holdLeases(
  tx: Queryable,
  claims: readonly HeldClaim[],
): Promise<ReadonlySet<string>> {
  if (claims.length === 0) return new Set();
  const { rows } = await tx.query<{ command_id: string }>(
    `select l.command_id::text as command_id
     from command_ledger l
     join unnest($1::uuid[], $2::bigint[]) as c(command_id, token)
       on l.command_id = c.command_id and l.lease_token = c.token
     where l.status = 'in_progress'
     order by l.command_id
     for update of l`,
    [claims.map((c) => c.commandId), claims.map((c) => c.token)],
  );
  return new Set(rows.map((r) => r.command_id));
}

/** holdLease for one command; throws LeaseLostError when the lease is no longer ours. */
export async function holdLease(tx: Queryable, commandId: string, token: number): Promise<void> {
  const held = await holdLeases(tx, [{ commandId, token }]);
  if (!held.has(commandId)) throw new LeaseLostError(`command ${commandId}`);
}

function firstMissing(claims: readonly HeldClaim[], found: readonly { command_id: string }[]) {
  const seen = new Set(found.map((r) => r.command_id));
  return claims.find((c) => !seen.has(c.commandId));
}

/**
 * Records each result, only under our lease tokens; throws LeaseLostError (roll back) if any
 * lease is no longer ours.
 */
export async function completeCommands(
  tx: Queryable,
  done: readonly (HeldClaim & { readonly result: unknown })[],
): Promise<void> {
  if (done.length === 0) return;
  const { rows } = await tx.query<{ command_id: string }>(
    `update command_ledger l
     set status = 'done', result = c.result::jsonb, completed_at = clock_timestamp(),
         lease_expires_at = null
     from unnest($1::uuid[], $2::bigint[], $3::text[]) as c(command_id, token, result)
     where l.command_id = c.command_id and l.lease_token = c.token and l.status = 'in_progress'
     returning l.command_id::text as command_id`,
    [
      done.map((d) => d.commandId),
      done.map((d) => d.token),
      done.map((d) => JSON.stringify(d.result ?? null)),
    ],
  );
  const lost = firstMissing(done, rows);
  if (lost) throw new LeaseLostError(`command ${lost.commandId}`);
}

export async function completeCommand(
  tx: Queryable,
  req: HeldClaim & { readonly result: unknown },
): Promise<void> {
  await completeCommands(tx, [req]);
}

/** Gives ids back (refused commands stored nothing), only under our lease tokens. */
export async function abandonCommands(tx: Queryable, claims: readonly HeldClaim[]): Promise<void> {
  if (claims.length === 0) return;
  const { rows } = await tx.query<{ command_id: string }>(
    `delete from command_ledger l
     using unnest($1::uuid[], $2::bigint[]) as c(command_id, token)
     where l.command_id = c.command_id and l.lease_token = c.token and l.status = 'in_progress'
     returning l.command_id::text as command_id`,
    [claims.map((c) => c.commandId), claims.map((c) => c.token)],
  );
  const lost = firstMissing(claims, rows);
  if (lost) throw new LeaseLostError(`command ${lost.commandId}`);
}
