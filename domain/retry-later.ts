import type { ErrorCode } from './errors';

/*
 * The push-row codes that mean "not yet" (docs/sync-protocol.md): another attempt holds the
 * row's lease, or the server failed in a way that retrying may not meet again. A register sends
 * such a row again. Every other code is final for those bytes: the register shows the row as
 * refused with its reason and keeps it. The server never answers a row's own bad data with one
 * of these, or the register would send it for ever.
 */
const RETRY_LATER_CODES: readonly ErrorCode[] = ['IN_PROGRESS', 'INTERNAL'];

export const isRetryLater = (code: string): boolean =>
  (RETRY_LATER_CODES as readonly string[]).includes(code);
