/*
 * The server's one source of wall-clock time. The composition root (`buildServer`) makes one and
 * passes it down to the pipeline, the workflow steps (`ctx.clock`), admin operations and routes,
 * so a test can build a server at a known time and see that time in what it writes. The database's
 * own clock (`clock_timestamp()` in SQL) still times leases and queues: every instance shares it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const nowIso = (clock: Clock): string => clock.now().toISOString();
