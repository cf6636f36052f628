import type { AuditEntry } from '../../../domain/back-office';
import type { Queryable } from '../../infra/db/db';

export interface AuditRecord {
  readonly userId: string | null;
  /** The person's email, or 'admin token' for a machine integration. */
  readonly actor: string;
  /** sign_in, sign_in_failed, sign_out, user_created, or the operation carried out. */
  readonly action: string;
  readonly storeId: string | null;
  readonly subject?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly ip?: string | null;
}

/** Keys whose values never reach the audit log: they are secrets or card data. */
const SECRET_KEYS = /^(password|pin|secret|token|card_number|pan)$/i;

/** A request body as the audit log keeps it: secrets replaced, at any depth. */
export function auditDetail(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(auditDetail);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : auditDetail(v)]),
  );
}

export async function recordAudit(q: Queryable, entry: AuditRecord, at: Date): Promise<void> {
  await q.query(
    `insert into audit_log (at, user_id, actor, action, store_id, subject, detail, ip)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      at.toISOString(),
      entry.userId,
      entry.actor,
      entry.action,
      entry.storeId,
      entry.subject ?? '',
      JSON.stringify(auditDetail(entry.detail ?? {})),
      entry.ip ?? null,
    ],
  );
}

/**
 * Newest first, before the id `before` when given. `stores` null: every entry (an owner);
 * otherwise the entries about those stores.
 */
export async function readAudit(
  q: Queryable,
  filter: {
    readonly stores: readonly string[] | null;
    readonly storeId?: string;
    readonly before?: number;
    readonly limit: number;
  },
): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.stores !== null) {
    params.push(filter.stores);
    where.push(`store_id = any($${params.length})`);
  }
  if (filter.storeId !== undefined) {
    params.push(filter.storeId);
    where.push(`store_id = $${params.length}`);
  }
  if (filter.before !== undefined) {
    params.push(filter.before);
    where.push(`id < $${params.length}`);
  }
  params.push(filter.limit);
  const { rows } = await q.query<{
    id: string | number;
    at: Date;
    actor: string;
    action: string;
    store_id: string | null;
    subject: string;
    detail: Record<string, unknown>;
  }>(
    `select id, at, actor, action, store_id, subject, detail from audit_log
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by id desc limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }));
}
