import type { Clock } from '../../sync-server/infra/clock';

/** A clock that always reads `at`, so a test can see the server's time in what it writes. */
export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });
