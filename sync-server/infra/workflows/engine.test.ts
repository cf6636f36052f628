import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import { systemClock } from '../clock';
import type { Db } from '../db/db';
import { openExceptions } from '../../modules/exceptions/exceptions';
import { fileBuriedJob } from '../exceptions/inbox';
import { PermanentFailure } from '../jobs/failures';
import { runDueJobs } from '../jobs/worker';
import type { WorkerOptions } from '../jobs/worker';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import { seedStore, uniqueStoreId } from '../../../test/server-support/fixtures';
import { drainJobs } from '../../../test/server-support/jobs';
import { startWorkflow, WORKFLOW_JOB, workflowJobHandler } from './engine';
import { defineWorkflow, localStep, remoteStep } from './workflow';
import type { StepContext, Workflow } from './workflow';

/**
 * Stands in for a payment provider: it honours idempotency keys the way a real one does, so a
 * step re-run with the same key moves nothing twice. (The real provider and its gateway sandbox
 * are tested on their own; this test is about the engine.)
 */
class FakeProvider {
  readonly calls: string[] = [];
  readonly effects = new Map<string, string>();
  act(key: string, what: string): string {
    this.calls.push(key);
    if (!this.effects.has(key)) this.effects.set(key, what);
    return key;
  }
}

describe.each(testBackends())('workflows on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let storeId: string;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    storeId = uniqueStoreId('wf');
    await seedStore(db, storeId, 1);
    await db.exec('create table wf_reservations (subject_id text primary key, qty int not null)');
  });
  afterAll(async () => {
    await database?.dispose();
  });

  function worker(workflows: Workflow<never>[], extra: Partial<WorkerOptions> = {}) {
    return {
      db,
      owner: 'instance-a',
      leaseMs: 30_000,
      batch: 10,
      handlers: { [WORKFLOW_JOB]: workflowJobHandler(db, systemClock, workflows) },
      retry: { baseMs: 1, maxMs: 1 },
      buried: fileBuriedJob,
      ...extra,
    } satisfies WorkerOptions;
  }

  async function runOf(subjectId: string) {
    const { rows } = await db.query<{ status: string; error_code: string | null }>(
      'select status, error_code from workflow_runs where subject_id = $1',
      [subjectId],
    );
    return rows;
  }

  async function stepsOf(subjectId: string) {
    const { rows } = await db.query<{ step: string; status: string }>(
      `select s.step, s.status from workflow_steps s join workflow_runs r on r.id = s.run_id
       where r.subject_id = $1 order by s.position`,
      [subjectId],
    );
    return rows.map((r) => `${r.step}:${r.status}`);
  }

  /** reserve (local) → charge (remote) → fulfil (remote, may fail for good) */
  function orderFlow(
    name: string,
    provider: FakeProvider,
    opts: { chargeGate?: () => Promise<void>; fulfil?: () => void; refundFails?: number } = {},
  ): Workflow<{ qty: number }> {
    let refundFailures = opts.refundFails ?? 0;
    return defineWorkflow(name, [
      localStep('reserve', {
        invoke: async (ctx: StepContext<{ qty: number }>, tx) => {
          await tx.query('insert into wf_reservations (subject_id, qty) values ($1, $2)', [
            ctx.subjectId,
            ctx.input.qty,
          ]);
          return { reserved: ctx.input.qty };
        },
        compensate: async (ctx, _output, tx) => {
          await tx.query('delete from wf_reservations where subject_id = $1', [ctx.subjectId]);
        },
      }),
      remoteStep('charge', {
        invoke: async (ctx: StepContext<{ qty: number }>) => {
          const charge = provider.act(ctx.idempotencyKey, 'charge');
          await opts.chargeGate?.();
          return { charge };
        },
        compensate: async (ctx) => {
          if (refundFailures-- > 0) throw new Error('gateway timeout on refund');
          provider.act(ctx.idempotencyKey, 'refund');
        },
      }),
      remoteStep('fulfil', {
        invoke: async () => {
          opts.fulfil?.();
          return null;
        },
      }),
    ]);
  }

  it('runs each step once, in order, and one run per subject however often it is started', async () => {
    const provider = new FakeProvider();
    const flow = orderFlow('happy', provider);
    const subject = uuidv7();
    for (let i = 0; i < 3; i++) {
      await db.transaction((tx) =>
        startWorkflow(tx, flow, { storeId, subjectId: subject, input: { qty: 2 } }),
      );
    }
    await drainJobs(worker([flow as Workflow<never>]));
    expect(await runOf(subject)).toEqual([{ status: 'completed', error_code: null }]);
    expect(await stepsOf(subject)).toEqual(['reserve:done', 'charge:done', 'fulfil:done']);
    expect(provider.calls).toHaveLength(1);
  });

  it('resumes a run whose worker died mid-step at that step, and moves no money twice', async () => {
    const provider = new FakeProvider();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let gated = true;
    const flow = orderFlow('crash', provider, {
      // The first attempt hangs after charging, as if its server froze before recording it.
      chargeGate: () => (gated ? ((gated = false), gate) : Promise.resolve()),
    });
    const subject = uuidv7();
    await db.transaction((tx) =>
      startWorkflow(tx, flow, { storeId, subjectId: subject, input: { qty: 1 } }),
    );

    const stuck = runDueJobs(worker([flow as Workflow<never>], { leaseMs: 50 }));
    await new Promise((resolve) => setTimeout(resolve, 120));
    await drainJobs(worker([flow as Workflow<never>], { owner: 'instance-b' }));
    expect(await runOf(subject)).toEqual([{ status: 'completed', error_code: null }]);

    // The frozen worker wakes up: its lease is gone, so it records nothing.
    release();
    await stuck;
    expect(await stepsOf(subject)).toEqual(['reserve:done', 'charge:done', 'fulfil:done']);
    const { rows } = await db.query('select qty from wf_reservations where subject_id = $1', [
      subject,
    ]);
    expect(rows).toHaveLength(1);
    // Charged on both attempts with one key: one charge.
    expect(provider.calls).toHaveLength(2);
    expect(new Set(provider.calls).size).toBe(1);
    expect([...provider.effects.values()]).toEqual(['charge']);
  });

  it('undoes the finished steps, last first, when a step fails for good, and files it', async () => {
    const provider = new FakeProvider();
    const flow = orderFlow('declined', provider, {
      fulfil: () => {
        throw new PermanentFailure('no_stock', 'Nothing left to ship at any location');
      },
      // The refund fails once with a timeout: it is retried, not skipped.
      refundFails: 1,
    });
    const subject = uuidv7();
    await db.transaction((tx) =>
      startWorkflow(tx, flow, { storeId, subjectId: subject, input: { qty: 3 } }),
    );
    await drainJobs(worker([flow as Workflow<never>]));

    expect(await runOf(subject)).toEqual([{ status: 'failed', error_code: 'no_stock' }]);
    expect(await stepsOf(subject)).toEqual(['reserve:compensated', 'charge:compensated']);
    const { rows } = await db.query('select 1 from wf_reservations where subject_id = $1', [
      subject,
    ]);
    expect(rows).toEqual([]);
    expect([...provider.effects.values()]).toEqual(['charge', 'refund']);
    expect(await openExceptions(db, storeId)).toContainEqual(
      expect.objectContaining({
        kind: 'no_stock',
        subject_id: subject,
        message: 'Nothing left to ship at any location',
        detail: expect.objectContaining({ compensated: ['charge', 'reserve'] }),
      }),
    );
  });

  /** quote (remote) → bill (local, reads quote; `billFails` attempts fail before recording) */
  function quoteFlow(name: string, opts: { billFails?: number; billReads?: 'nothing' } = {}) {
    let failures = opts.billFails ?? 0;
    const quote = remoteStep('quote', {
      invoke: async (ctx: StepContext<{ qty: number }>) => ({ amount: ctx.input.qty * 250 }),
    });
    const bill = localStep('bill', {
      reads: opts.billReads === 'nothing' ? [] : [quote],
      invoke: async (ctx: StepContext<{ qty: number }>, tx) => {
        const { amount } = ctx.outputOf(quote);
        await tx.query('insert into wf_reservations (subject_id, qty) values ($1, $2)', [
          ctx.subjectId,
          amount,
        ]);
        if (failures-- > 0) throw new Error('database went away');
        return { billed: amount };
      },
    });
    return defineWorkflow(name, [quote, bill]);
  }

  async function stepOutput(subjectId: string, step: string) {
    const { rows } = await db.query<{ output: unknown }>(
      `select s.output from workflow_steps s join workflow_runs r on r.id = s.run_id
       where r.subject_id = $1 and s.step = $2`,
      [subjectId, step],
    );
    return rows[0]?.output;
  }

  it('gives a step the output an earlier step recorded, also when it resumes from the record', async () => {
    const flow = quoteFlow('quoted', { billFails: 1 });
    const subject = uuidv7();
    await db.transaction((tx) =>
      startWorkflow(tx, flow, { storeId, subjectId: subject, input: { qty: 4 } }),
    );
    // The first attempt records quote and fails in bill; the retry reads quote from its record.
    await runDueJobs(worker([flow as Workflow<never>]));
    expect(await stepsOf(subject)).toEqual(['quote:done']);
    await drainJobs(worker([flow as Workflow<never>]));

    expect(await runOf(subject)).toEqual([{ status: 'completed', error_code: null }]);
    expect(await stepOutput(subject, 'bill')).toEqual({ billed: 1000 });
    const { rows } = await db.query('select qty from wf_reservations where subject_id = $1', [
      subject,
    ]);
    expect(rows).toEqual([{ qty: 1000 }]);
  });

  it('refuses to give a step the output of a step it does not name in its reads', async () => {
    const flow = quoteFlow('unnamed', { billReads: 'nothing' });
    const subject = uuidv7();
    await db.transaction((tx) =>
      startWorkflow(tx, flow, { storeId, subjectId: subject, input: { qty: 1 } }),
    );
    await runDueJobs(worker([flow as Workflow<never>]));

    expect(await stepsOf(subject)).toEqual(['quote:done']);
    const { rows } = await db.query<{ last_error: string }>(
      `select last_error from jobs where kind = $1 and payload->>'subject_id' = $2`,
      [WORKFLOW_JOB, subject],
    );
    expect(rows[0]?.last_error).toContain('unnamed: step bill reads quote but does not name it');
  });
});
