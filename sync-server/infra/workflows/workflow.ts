import type { Db, Queryable } from '../db/db';

/*
 * A workflow is a fixed list of small steps. Each finished step is recorded with its output, so
 * a run resumes at its first unfinished step after a crash, and a step that failed for good
 * undoes the finished ones through their compensations, last first (Medusa's workflow model).
 */

export interface StepContext<I> {
  readonly runId: string;
  readonly storeId: string;
  readonly subjectId: string;
  readonly input: I;
  /** For reads outside a transaction; a local step writes only through its `tx`. */
  readonly db: Db;
  /** The outputs of the steps finished before this one, by step name. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * The same for every attempt of this step in this run. A step that calls a provider passes
   * it on, so a step re-run after a crash (its effect done, its record not yet written) moves
   * nothing twice.
   */
  readonly idempotencyKey: string;
}

/** A step that calls out (a provider): no transaction is held while it runs. */
export interface RemoteStep<I> {
  readonly name: string;
  readonly invoke: (ctx: StepContext<I>) => Promise<unknown>;
  readonly compensate?: (ctx: StepContext<I>, output: unknown) => Promise<void>;
}

/** A step that only writes this database: its writes and its record commit together. */
export interface LocalStep<I> {
  readonly name: string;
  readonly local: true;
  readonly invoke: (ctx: StepContext<I>, tx: Queryable) => Promise<unknown>;
  readonly compensate?: (ctx: StepContext<I>, output: unknown, tx: Queryable) => Promise<void>;
}

export type Step<I> = RemoteStep<I> | LocalStep<I>;

export interface Workflow<I> {
  readonly name: string;
  readonly steps: readonly Step<I>[];
}

export const isLocal = <I>(step: Step<I>): step is LocalStep<I> => 'local' in step;
