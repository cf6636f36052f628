/*
 * How a job or a workflow step failed decides what happens next: a transient failure (a timeout,
 * a 5xx, a lost connection) is retried with backoff; a permanent one (a declined card, a refused
 * request) stops at once and goes to the exceptions inbox. Anything not marked permanent is
 * treated as transient, bounded by the job's max attempts.
 */
export class PermanentFailure extends Error {
  constructor(
    /** A stable code for the exceptions inbox, e.g. `card_declined`. */
    readonly code: string,
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export function isPermanent(e: unknown): e is PermanentFailure {
  return e instanceof PermanentFailure;
}

export function describeFailure(e: unknown): string {
  return (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 2000);
}
