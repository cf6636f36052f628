import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../domain/canonical-json';

/** Fields RxDB adds to a document; they are replication bookkeeping, never part of the fact. */
const RX_META_FIELDS: ReadonlySet<string> = new Set(['_deleted', '_rev', '_meta', '_attachments']);

export function stripRxMeta(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !RX_META_FIELDS.has(key)));
}

/** sha256 of the canonical bytes: the identity of a pushed fact for idempotency checks. */
export function fingerprintOf(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}
