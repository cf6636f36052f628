import { appError } from './errors';
import type { AppError } from './errors';

/*
 * The checks of a pushed row are pure functions of its numbers, so a RangeError out of one (a
 * sum or product beyond the safe integers, which domain/money.ts refuses to compute) comes back
 * on every retry of the same row: it is the row's permanent refusal, never a server fault.
 */

export function outOfRangeRefusal(what: string, error: RangeError): AppError {
  return appError('INVALID_INPUT', `${what} amounts are out of range: ${error.message}`);
}

/** Runs `check`, answering an arithmetic overflow inside it as INVALID_INPUT about `what`. */
export function refuseOutOfRange(what: string, check: () => AppError | null): AppError | null {
  try {
    return check();
  } catch (e) {
    if (e instanceof RangeError) return outOfRangeRefusal(what, e);
    throw e;
  }
}
