import type { z } from 'zod';
import type { AppError } from '../../../domain/errors';
import type { COLLECTIONS, CollectionName } from '../../../domain/schemas';
import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';

/*
 * What each pushed collection's module says about its documents. The push endpoint
 * (api/replication/push.ts) parses, guards, claims and builds results; the rules a document
 * must meet and what storing it implies belong to the module that owns that kind of fact, and
 * are registered here by collection, typed by that collection's schema (in the spirit of
 * Actual's typed handler registry).
 */

/** The document a collection's schema accepts. */
export type DocOf<C extends CollectionName> = z.infer<(typeof COLLECTIONS)[C]['schema']>;

/** An immutable device fact other than an order, stored once by its id. */
export interface FactRules<D> {
  /** What the document must meet on its own, before it is claimed; null when it does. */
  readonly problem?: (doc: D) => AppError | null;
  /**
   * Checked once, when the fact is first received (a replay of a stored one stays stored);
   * a refusal is not kept, so the register may send it again once the problem is mended.
   */
  readonly admit?: (db: Db, storeId: string, doc: D) => Promise<AppError | null>;
  /**
   * What storing the fact implies, in the transaction that stores it; returns the other
   * collections whose pulls it changed.
   */
  readonly stored?: (
    tx: Queryable,
    storeId: string,
    doc: D,
    now: string,
  ) => Promise<readonly CollectionName[]>;
}

/** A document both sides write; a stale write comes back as a conflict before these run. */
export interface SharedRules<D> {
  /** The field that says which version the writer started from. */
  readonly versionField: keyof D & string;
  /** The document as stored, from the pushed one and the current master (null: a new one). */
  readonly settle?: (
    tx: Queryable,
    storeId: string,
    doc: D,
    current: Readonly<Record<string, unknown>> | null,
    clock: Clock,
  ) => Promise<D>;
}

type WithDirection<Dir> = {
  [C in CollectionName]: (typeof COLLECTIONS)[C]['direction'] extends Dir ? C : never;
}[CollectionName];

/** Facts placed as a batch with their own path (orders) are not in the fact registry. */
export type FactCollection = Exclude<WithDirection<'up'>, 'orders'>;
export type SharedCollection = WithDirection<'shared'>;

/** Every pushed collection's rules, one entry each, checked by the compiler. */
export type PushRules = { readonly [C in FactCollection]: FactRules<DocOf<C>> } & {
  readonly [C in SharedCollection]: SharedRules<DocOf<C>>;
};
