import { uuidv7 } from '../../../domain/ids';
import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import { raiseException } from '../exceptions/inbox';
import { isPermanent } from '../jobs/failures';
import { enqueueJobs } from '../jobs/queue';
import type { JobContext, JobHandler } from '../jobs/worker';
import { isLocal } from './workflow';
import type { Step, StepContext, StepRef, Workflow } from './workflow';

/** The job kind that drives every workflow run. */
export const WORKFLOW_JOB = 'workflow';

// Runs are stored without their input type; the registry restores it by workflow name.
type AnyWorkflow = Workflow<never>;

export interface NewRun<I> {
  readonly storeId: string;
  readonly subjectId: string;
  readonly input: I;
}

/**
 * Starts a run in the caller's transaction: exactly one per workflow and subject, however often
 * the command that starts it is replayed. Returns the run's id.
 */
export async function startWorkflow<I>(
  tx: Queryable,
  workflow: Pick<Workflow<I>, 'name'>,
  run: NewRun<I>,
): Promise<string> {
  return (await startWorkflows(tx, workflow, [run]))[0] ?? '';
}

/** startWorkflow for a batch (the orders of one push), in two statements; ids in run order. */
export async function startWorkflows<I>(
  tx: Queryable,
  workflow: Pick<Workflow<I>, 'name'>,
  runs: readonly NewRun<I>[],
): Promise<string[]> {
  if (runs.length === 0) return [];
  const { rows } = await tx.query<{ id: string; subject_id: string }>(
    `insert into workflow_runs (id, store_id, workflow, subject_id, status, input)
     select u.id, u.store_id, $1, u.subject_id, 'running', u.input::jsonb
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[])
       as u(id, store_id, subject_id, input)
     on conflict (workflow, subject_id) do update set updated_at = workflow_runs.updated_at
     returning id::text as id, subject_id`,
    [
      workflow.name,
      runs.map(() => uuidv7()),
      runs.map((r) => r.storeId),
      runs.map((r) => r.subjectId),
      runs.map((r) => JSON.stringify(r.input)),
    ],
  );
  const ids = new Map(rows.map((r) => [r.subject_id, r.id]));
  const started = runs.map((r) => ({ run: r, id: ids.get(r.subjectId) ?? '' }));
  await enqueueJobs(
    tx,
    started.map(({ run, id }) => ({
      storeId: run.storeId,
      kind: WORKFLOW_JOB,
      dedupeKey: id,
      payload: { run_id: id, subject_id: run.subjectId, workflow: workflow.name },
    })),
  );
  return started.map((s) => s.id);
}

interface RunRow {
  id: string;
  store_id: string;
  workflow: string;
  subject_id: string;
  status: 'running' | 'compensating' | 'completed' | 'failed';
  input: unknown;
  error_code: string | null;
  error: string | null;
}

interface StepRow {
  step: string;
  status: 'done' | 'compensated';
  output: unknown;
}

/** A run that just ended, told to `settled` in the transaction that records its end. */
export interface SettledRun {
  readonly storeId: string;
  readonly workflow: string;
  readonly subjectId: string;
}

/**
 * The job handler that runs (or resumes) workflow runs, for the workflows registered. `settled`
 * hears of each run's end (completed, or failed with its exception filed) in the transaction
 * that records it, so whatever reports runs' ends can be rebuilt with it.
 */
export function workflowJobHandler(
  db: Db,
  clock: Clock,
  workflows: readonly AnyWorkflow[],
  settled: (tx: Queryable, run: SettledRun) => Promise<void> = async () => {},
): JobHandler {
  const byName = new Map(workflows.map((w) => [w.name, w]));
  return async (job, jobCtx) => {
    const { rows } = await db.query<RunRow>('select * from workflow_runs where id = $1', [
      job.payload.run_id,
    ]);
    const run = rows[0];
    if (!run || run.status === 'completed' || run.status === 'failed') return;
    const workflow = byName.get(run.workflow);
    if (!workflow) throw new Error(`no workflow named ${run.workflow}`);
    const steps = await db.query<StepRow>(
      'select step, status, output from workflow_steps where run_id = $1',
      [run.id],
    );
    const recorded = new Map(steps.rows.map((s) => [s.step, s]));
    const runner = new RunRunner(db, clock, jobCtx, run, workflow, recorded, settled);
    if (run.status === 'compensating') return runner.compensate();
    return runner.forward();
  };
}

class RunRunner {
  private readonly outputs: Record<string, unknown> = {};

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly job: JobContext,
    private readonly run: RunRow,
    private readonly workflow: AnyWorkflow,
    private readonly recorded: Map<string, StepRow>,
    private readonly settled: (tx: Queryable, run: SettledRun) => Promise<void>,
  ) {
    for (const [name, row] of recorded) this.outputs[name] = row.output;
  }

  private context(step: Step<never>, suffix = ''): StepContext<never> {
    const outputs = { ...this.outputs };
    const workflow = this.workflow.name;
    return {
      runId: this.run.id,
      storeId: this.run.store_id,
      subjectId: this.run.subject_id,
      input: this.run.input as never,
      db: this.db,
      clock: this.clock,
      outputOf<O>(read: StepRef<O>): O {
        if (!step.reads.includes(read)) {
          throw new Error(`${workflow}: step ${step.name} reads ${read.name} but does not name it`);
        }
        if (!Object.hasOwn(outputs, read.name)) {
          throw new Error(`${workflow}: step ${step.name} reads ${read.name}, not yet finished`);
        }
        return outputs[read.name] as O;
      },
      idempotencyKey: `${this.run.id}:${step.name}${suffix}`,
    };
  }

  /** Runs each unfinished step in order; a permanent failure turns the run to compensating. */
  async forward(): Promise<void> {
    for (const [position, step] of this.workflow.steps.entries()) {
      if (this.recorded.has(step.name)) continue;
      try {
        const output = await this.invoke(step, position);
        this.outputs[step.name] = output;
        this.recorded.set(step.name, { step: step.name, status: 'done', output });
      } catch (e) {
        // Transient: the job retries later and the run resumes at this step.
        if (!isPermanent(e)) throw e;
        await this.inTransaction((tx) =>
          tx.query(
            `update workflow_runs set status = 'compensating', error_code = $2, error = $3,
                    updated_at = now()
             where id = $1`,
            [this.run.id, e.code, e.message],
          ),
        );
        this.run.error_code = e.code;
        this.run.error = e.message;
        return this.compensate();
      }
    }
    await this.inTransaction(async (tx) => {
      await tx.query(
        `update workflow_runs set status = 'completed', updated_at = now() where id = $1`,
        [this.run.id],
      );
      await this.settled(tx, this.ended());
    });
  }

  private ended(): SettledRun {
    return {
      storeId: this.run.store_id,
      workflow: this.run.workflow,
      subjectId: this.run.subject_id,
    };
  }

  private async invoke(step: Step<never>, position: number): Promise<unknown> {
    const ctx = this.context(step);
    if (isLocal(step)) {
      return this.inTransaction(async (tx) => {
        const output = (await step.invoke(ctx, tx)) ?? null;
        await this.record(tx, step.name, position, output);
        return output;
      });
    }
    const output = (await step.invoke(ctx)) ?? null;
    await this.inTransaction((tx) => this.record(tx, step.name, position, output));
    return output;
  }

  private async record(tx: Queryable, step: string, position: number, output: unknown) {
    await tx.query(
      `insert into workflow_steps (run_id, step, position, status, output)
       values ($1, $2, $3, 'done', $4::jsonb)`,
      [this.run.id, step, position, JSON.stringify(output)],
    );
  }

  /** Undoes the finished steps, last first, then files the failure for a person to see. */
  async compensate(): Promise<void> {
    const finished = this.workflow.steps.filter(
      (s) => this.recorded.get(s.name)?.status === 'done',
    );
    for (const step of [...finished].reverse()) {
      const output = this.recorded.get(step.name)?.output;
      const ctx = this.context(step, ':compensate');
      const markUndone = (tx: Queryable) =>
        tx.query(
          `update workflow_steps set status = 'compensated' where run_id = $1 and step = $2`,
          [this.run.id, step.name],
        );
      // A failing compensation throws: the job retries it (the run stays compensating).
      if (isLocal(step)) {
        await this.inTransaction(async (tx) => {
          await step.compensate?.(ctx, output as never, tx);
          await markUndone(tx);
        });
      } else {
        await step.compensate?.(ctx, output as never);
        await this.inTransaction(markUndone);
      }
    }
    await this.inTransaction(async (tx) => {
      await tx.query(
        `update workflow_runs set status = 'failed', updated_at = now() where id = $1`,
        [this.run.id],
      );
      await raiseException(tx, {
        storeId: this.run.store_id,
        kind: this.run.error_code ?? 'workflow_failed',
        subjectId: this.run.subject_id,
        message: this.run.error ?? `${this.workflow.name} failed`,
        detail: {
          workflow: this.workflow.name,
          run_id: this.run.id,
          compensated: finished.map((s) => s.name).reverse(),
        },
      });
      await this.settled(tx, this.ended());
    });
  }

  /** Every write of a run is fenced by the job's lease: a worker that lost it writes nothing. */
  private inTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await this.job.hold(tx);
      return fn(tx);
    });
  }
}
