import type { FastifyBaseLogger } from 'fastify';

export interface Periodic {
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `everyMs`, one pass at a time: a slow pass delays the next rather than
 * overlapping it, and a failed one is logged and tried again at the next tick.
 */
export function startPeriodic(opts: {
  readonly everyMs: number;
  readonly pass: () => Promise<void>;
  /** What the pass does, for the log line when it fails. */
  readonly what: string;
  readonly log: FastifyBaseLogger;
}): Periodic {
  let running: Promise<void> = Promise.resolve();
  const guarded = async (): Promise<void> => {
    try {
      await opts.pass();
    } catch (e) {
      opts.log.error({ err: e }, `${opts.what} failed`);
    }
  };
  const timer = setInterval(() => {
    running = running.then(guarded);
  }, opts.everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
