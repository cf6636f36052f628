/*
 * After FREE_ATTEMPTS wrong passwords in a row an account locks, first for BASE_MS and twice as
 * long for every further wrong password, up to MAX_MS; a good password resets the count. The
 * lock is per account, so a guesser spreading attempts over many addresses (which the per-address
 * rate limit alone would let through) still gets nowhere.
 */
export const FREE_ATTEMPTS = 5;
const BASE_MS = 30_000;
const MAX_MS = 15 * 60_000;

/** How long the account stays locked after its `failures`-th wrong password in a row (0: not). */
export function lockoutMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_MS, BASE_MS * 2 ** Math.min(failures - FREE_ATTEMPTS, 20));
}
