import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';

/*
 * A workflow is a fixed list of small steps. Each finished step is recorded with its output, so
 * a run resumes at its first unfinished step after a crash, and a step that failed for good
 * undoes the finished ones through their compensations, last first (Medusa's workflow model).
 *
 * A step is defined once, with `remoteStep` or `localStep`: the workflow input it reads, the
 * output it records and its compensation, which receives that output. A later step that needs
 * the output names the step in its `reads` and gets it, typed, from `ctx.outputOf(step)`;
 * `defineWorkflow` refuses a workflow in which a step reads one that does not come before it.
 */

declare const output: unique symbol;

/** A step as the steps after it see it: its name, and the type of the output it records. */
export interface StepRef<O> {
  readonly name: string;
  /** Never set: it only carries the output's type to `outputOf`. */
  readonly [output]?: O;
}

export interface StepContext<I> {
  readonly runId: string;
  readonly storeId: string;
  readonly subjectId: string;
  readonly input: I;
  /** For reads outside a transaction; a local step writes only through its `tx`. */
  readonly db: Db;
  /** The server's clock: what a step stamps on the rows it writes. */
  readonly clock: Clock;
  /**
   * The recorded output of a step this one names in its `reads` (so one before it in the
   * workflow); any other step throws. After a resume it comes from the step's stored record
   * (JSON), so an output holds only what survives JSON.
   */
  outputOf<O>(step: StepRef<O>): O;
  /**
   * The same for every attempt of this step in this run. A step that calls a provider passes
   * it on, so a step re-run after a crash (its effect done, its record not yet written) moves
   * nothing twice.
   */
  readonly idempotencyKey: string;
}

interface Reads {
  /** The earlier steps whose outputs this one reads. */
  readonly reads?: readonly StepRef<unknown>[];
}

/** What `remoteStep` is given: how to do the step and, if it can be undone, how to undo it. */
export interface RemoteStepDefinition<I, O> extends Reads {
  readonly invoke: (ctx: StepContext<I>) => Promise<O>;
  /** Receives the output the step recorded. */
  readonly compensate?: (ctx: StepContext<I>, output: O) => Promise<void>;
}

/** What `localStep` is given: the same, in the transaction that records the step. */
export interface LocalStepDefinition<I, O> extends Reads {
  readonly invoke: (ctx: StepContext<I>, tx: Queryable) => Promise<O>;
  readonly compensate?: (ctx: StepContext<I>, output: O, tx: Queryable) => Promise<void>;
}

// Methods, not function properties: their parameters are checked both ways, so a step of any
// output type fits a workflow's list of Step<I>.

/** A step that calls out (a provider): no transaction is held while it runs. */
export interface RemoteStep<I, O = unknown> extends StepRef<O> {
  readonly reads: readonly StepRef<unknown>[];
  invoke(ctx: StepContext<I>): Promise<O>;
  compensate?(ctx: StepContext<I>, output: O): Promise<void>;
}

/** A step that only writes this database: its writes and its record commit together. */
export interface LocalStep<I, O = unknown> extends StepRef<O> {
  readonly local: true;
  readonly reads: readonly StepRef<unknown>[];
  invoke(ctx: StepContext<I>, tx: Queryable): Promise<O>;
  compensate?(ctx: StepContext<I>, output: O, tx: Queryable): Promise<void>;
}

export type Step<I, O = unknown> = RemoteStep<I, O> | LocalStep<I, O>;

export function remoteStep<I, O>(
  name: string,
  definition: RemoteStepDefinition<I, O>,
): RemoteStep<I, O> {
  return { ...definition, name, reads: definition.reads ?? [] };
}

export function localStep<I, O>(
  name: string,
  definition: LocalStepDefinition<I, O>,
): LocalStep<I, O> {
  return { ...definition, name, local: true, reads: definition.reads ?? [] };
}

export interface Workflow<I> {
  readonly name: string;
  readonly steps: readonly Step<I>[];
}

/**
 * A workflow, refused at once when a step reads one that is not before it or two steps share a
 * name (steps are recorded by name).
 */
export function defineWorkflow<I>(name: string, steps: readonly Step<I>[]): Workflow<I> {
  steps.forEach((step, position) => {
    const before = steps.slice(0, position);
    if (before.some((s) => s.name === step.name)) {
      throw new Error(`workflow ${name} has two steps named ${step.name}`);
    }
    for (const read of step.reads) {
      if (!before.some((s) => s === read)) {
        throw new Error(
          `workflow ${name}: step ${step.name} reads ${read.name}, which is not a step before it`,
        );
      }
    }
  });
  return { name, steps };
}

export const isLocal = <I>(step: Step<I>): step is LocalStep<I> => 'local' in step;
