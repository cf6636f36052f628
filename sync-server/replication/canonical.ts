import { createHash } from 'node:crypto';

/** Fields RxDB adds to a document; they are replication bookkeeping, never part of the fact. */
const RX_META_FIELDS: ReadonlySet<string> = new Set(['_deleted', '_rev', '_meta', '_attachments']);

export function stripRxMeta(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !RX_META_FIELDS.has(key)));
}

/** JSON with object keys sorted at every depth, so equal documents have equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the canonical bytes: the identity of a pushed fact for idempotency checks. */
export function fingerprintOf(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}
