export interface RetryPolicy {
  /** Delay before the first retry; each later one doubles, up to `maxMs`. */
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, maxMs: 15 * 60_000 };

/**
 * The wait before retry number `attempt` (1 = after the first failure): exponential, capped,
 * with "full jitter" — a uniform draw below the cap — so many jobs failing together against one
 * provider do not all come back at the same instant.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
