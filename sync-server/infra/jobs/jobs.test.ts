import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openPostgres } from '../db/postgres';
import { LeaseLostError } from '../ledger/ledger';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import { seedStore, uniqueStoreId } from '../../../test/server-support/fixtures';
import { drainJobs } from '../../../test/server-support/jobs';
import { retryDelayMs } from './backoff';
import { openExceptions } from '../../modules/exceptions/exceptions';
import { fileBuriedJob } from '../exceptions/inbox';
import { PermanentFailure } from './failures';
import { claimJobs, completeJob, enqueueJob } from './queue';
import { runDueJobs, startJobWorker } from './worker';
import type { JobHandler, WorkerOptions } from './worker';

describe('retryDelayMs', () => {
  it('doubles up to the cap, with jitter below it', () => {
    const policy = { baseMs: 1_000, maxMs: 10_000 };
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n, policy, top))).toEqual([
      999, 1_999, 3_999, 7_999, 9_999, 9_999,
    ]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });
});

describe.each(testBackends())('jobs on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let storeId: string;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    storeId = uniqueStoreId('jobs');
    await seedStore(db, storeId, 1);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  let kindSeq = 0;
  /** A job kind of the test's own, so tests never run each other's jobs. */
  const newKind = () => `test-${++kindSeq}`;

  function worker(
    kind: string,
    handler: JobHandler,
    extra: Partial<WorkerOptions> = {},
  ): WorkerOptions {
    return {
      db,
      owner: 'instance-a',
      leaseMs: 30_000,
      batch: 10,
      handlers: { [kind]: handler },
      retry: { baseMs: 1, maxMs: 1 },
      buried: fileBuriedJob,
      ...extra,
    };
  }

  async function jobRow(kind: string) {
    const { rows } = await db.query<{ status: string; attempts: number; last_error: string }>(
      'select status, attempts, last_error from jobs where kind = $1',
      [kind],
    );
    return rows;
  }

  it('keeps the same work enqueued twice as one job, and runs it once', async () => {
    const kind = newKind();
    const job = { storeId, kind, dedupeKey: 'order-1', payload: { subject_id: 'order-1' } };
    expect(await enqueueJob(db, job)).toBe(true);
    expect(await enqueueJob(db, job)).toBe(false);
    const seen: string[] = [];
    await drainJobs(
      worker(kind, async (j) => void seen.push(String(j.payload.subject_id))),
      3,
    );
    expect(seen).toEqual(['order-1']);
    expect(await jobRow(kind)).toEqual([expect.objectContaining({ status: 'done', attempts: 1 })]);
  });

  it('retries a failing job after a backoff until it succeeds', async () => {
    const kind = newKind();
    await enqueueJob(db, { storeId, kind, dedupeKey: 'x', payload: {} });
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls += 1;
      if (calls < 3) throw new Error('gateway timeout');
    };
    // A long backoff: the failed job is not due again at once.
    await runDueJobs(worker(kind, flaky, { retry: { baseMs: 60_000, maxMs: 60_000 } }));
    await runDueJobs(worker(kind, flaky));
    expect(calls).toBe(1);
    expect(await jobRow(kind)).toEqual([
      expect.objectContaining({ status: 'queued', last_error: 'Error: gateway timeout' }),
    ]);
    await db.query(`update jobs set run_at = now() where kind = $1`, [kind]);
    await drainJobs(worker(kind, flaky));
    expect(calls).toBe(3);
    expect(await jobRow(kind)).toEqual([expect.objectContaining({ status: 'done', attempts: 3 })]);
  });

  it('stops at a permanent failure and files it in the exceptions inbox', async () => {
    const kind = newKind();
    await enqueueJob(db, { storeId, kind, dedupeKey: 'p', payload: { subject_id: 'order-9' } });
    let calls = 0;
    await drainJobs(
      worker(kind, async () => {
        calls += 1;
        throw new PermanentFailure('card_declined', 'The card was declined', { last4: '0002' });
      }),
    );
    expect(calls).toBe(1);
    expect(await jobRow(kind)).toEqual([expect.objectContaining({ status: 'dead', attempts: 1 })]);
    expect(await openExceptions(db, storeId)).toContainEqual(
      expect.objectContaining({
        kind: 'card_declined',
        subject_id: 'order-9',
        message: 'The card was declined',
        detail: expect.objectContaining({ last4: '0002', job_kind: kind }),
      }),
    );
  });

  it('gives up after its attempts and says so in the exceptions inbox', async () => {
    const kind = newKind();
    await enqueueJob(db, { storeId, kind, dedupeKey: 'm', payload: {}, maxAttempts: 3 });
    let calls = 0;
    await drainJobs(
      worker(kind, async () => {
        calls += 1;
        throw new Error('503 from the provider');
      }),
    );
    expect(calls).toBe(3);
    expect(await jobRow(kind)).toEqual([expect.objectContaining({ status: 'dead', attempts: 3 })]);
    const filed = (await openExceptions(db, storeId)).filter((e) => e.detail.job_kind === kind);
    expect(filed).toEqual([
      expect.objectContaining({
        kind: 'job_failed',
        message: expect.stringContaining('failed 3 times; last: Error: 503 from the provider'),
      }),
    ]);
  });

  it('takes over a job whose worker died, and fences the old worker out', async () => {
    const kind = newKind();
    await enqueueJob(db, { storeId, kind, dedupeKey: 'lease', payload: {} });
    const claim = { leaseMs: 60_000, limit: 5, kinds: [kind] };
    const [dead] = await claimJobs(db, { ...claim, owner: 'instance-a' });
    expect(dead).toBeDefined();
    // Still held: nobody else gets it.
    expect(await claimJobs(db, { ...claim, owner: 'instance-b' })).toEqual([]);
    // The worker dies: its lease runs out (moved into the past, so no timing is assumed).
    await db.query(`update jobs set lease_until = now() - interval '1 second' where id = $1`, [
      dead?.id,
    ]);
    const [taken] = await claimJobs(db, { ...claim, owner: 'instance-b' });
    expect(taken).toMatchObject({ id: dead?.id, attempts: 2 });
    if (!dead || !taken) throw new Error('unreachable');
    await expect(db.transaction((tx) => completeJob(tx, dead))).rejects.toThrow(LeaseLostError);
    await db.transaction((tx) => completeJob(tx, taken));
    expect(await jobRow(kind)).toEqual([expect.objectContaining({ status: 'done' })]);
  });

  it('never runs a job twice with two workers claiming side by side', async () => {
    const kind = newKind();
    for (let i = 0; i < 60; i++) {
      await enqueueJob(db, { storeId, kind, dedupeKey: `k${i}`, payload: { n: i } });
    }
    // On PostgreSQL the second worker is a second server instance with its own connections;
    // PGlite is embedded in one process, so there both workers share it.
    const other = database.databaseUrl ? await openPostgres(database.databaseUrl) : db;
    try {
      const runs: number[] = [];
      const handler: JobHandler = async (job) => {
        runs.push(Number(job.payload.n));
        await new Promise((resolve) => setTimeout(resolve, 2));
      };
      await Promise.all([
        drainJobs(worker(kind, handler, { owner: 'instance-a', batch: 4 }), 30),
        drainJobs(worker(kind, handler, { owner: 'instance-b', batch: 4, db: other }), 30),
      ]);
      expect(runs.length).toBe(60);
      expect(new Set(runs).size).toBe(60);
      expect((await jobRow(kind)).every((r) => r.status === 'done')).toBe(true);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('keeps running other jobs while one waits on a slow call', async () => {
    const kind = newKind();
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const done: string[] = [];
    await db.transaction(async (tx) => {
      for (const key of ['slow', 'a', 'b', 'c', 'd', 'e']) {
        await enqueueJob(tx, { storeId, kind, dedupeKey: key, payload: { key } });
      }
    });
    let allQuickDone: () => void = () => {};
    const quickDone = new Promise<void>((resolve) => (allQuickDone = resolve));
    const running = startJobWorker({
      ...worker(kind, async (job) => {
        if (job.payload.key === 'slow') await slow;
        done.push(String(job.payload.key));
        if (done.length === 5 && !done.includes('slow')) allQuickDone();
      }),
      // Two slots: the slow job holds one, the five quick ones pass through the other.
      batch: 2,
      pollMs: 5,
    });
    try {
      await quickDone;
      expect(done.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    } finally {
      releaseSlow();
      await running.stop();
    }
    expect(done).toContain('slow');
  });
});
