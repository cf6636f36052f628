import { runDueJobs } from '../jobs/worker';
import type { WorkerOptions } from '../jobs/worker';

/** Runs worker passes a few milliseconds apart, long enough for short test backoffs to pass. */
export async function drainJobs(opts: WorkerOptions, passes = 20): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await runDueJobs(opts);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
