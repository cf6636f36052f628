import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cardNumberMessage, cardNumberPath, maskCardNumbers } from '../../../domain/card-numbers';
import { HttpError } from './errors';

/*
 * Card numbers are refused at the door of every route: the path's parameters, the query and
 * the parsed body are searched (domain/card-numbers.ts) before any handler or schema sees them,
 * so nothing stores one and no validation message quotes one. Pushes refuse row by row instead
 * (replication/push.ts), as every row has its own outcome; streamed imports refuse the rows
 * that hold one (imports/run-import.ts).
 */

export interface CardNumberGuardOptions {
  /** Routes (as registered, e.g. `/api/stores/:storeId/sync/:collection/push`) whose bodies check themselves. */
  readonly bodyCheckedBy: ReadonlySet<string>;
}

/** A JSON body as parsed; raw bodies (streams, buffers) are read by their own handlers. */
function isParsedJson(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return typeof body === 'string';
  const proto: unknown = Object.getPrototypeOf(body);
  return Array.isArray(body) || proto === Object.prototype || proto === null;
}

function refusal(request: FastifyRequest, skipBody: boolean): string | null {
  const inputs: [string, unknown][] = [
    ['params', request.params],
    ['query', request.query],
  ];
  if (!skipBody && isParsedJson(request.body)) inputs.push(['body', request.body]);
  for (const [where, value] of inputs) {
    const path = cardNumberPath(value);
    if (path !== null) return path === '(value)' ? where : `${where}.${path}`;
  }
  return null;
}

/*
 * Providers' callbacks (`/api/webhooks/…`) are let through: they are signed by a payment or
 * logistics provider, never typed by a person, and carry the provider's own numbers (tracking
 * numbers, times in milliseconds) that can look like card numbers; refusing one would lose the
 * news it brings. What is logged of them is still masked.
 */
const PROVIDER_CALLBACKS = '/api/webhooks/';

export function installCardNumberGuard(app: FastifyInstance, opts: CardNumberGuardOptions): void {
  app.addHook('preValidation', async (request) => {
    if ((request.routeOptions.url ?? '').startsWith(PROVIDER_CALLBACKS)) return;
    const where = refusal(request, opts.bodyCheckedBy.has(request.routeOptions.url ?? ''));
    if (where !== null) throw new HttpError('CARD_NUMBER_REFUSED', cardNumberMessage(where));
  });
}

/**
 * What the logger is given, with card numbers masked: the request line Fastify logs for every
 * request (its URL may carry one in a query), and every value and message logged, so a number
 * that got past the guards (a provider's error echoing input) still never reaches the log.
 */
export const cardSafeLogging = {
  serializers: {
    req: (req: {
      method?: string;
      url?: string;
      host?: string;
      ip?: string;
      socket?: { remotePort?: number };
    }) => ({
      method: req.method,
      url: maskCardNumbers(req.url ?? ''),
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    }),
  },
  formatters: {
    log: (object: Record<string, unknown>) => masked(object) as Record<string, unknown>,
  },
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void): void {
      method.apply(
        this,
        args.map((a) => (typeof a === 'string' ? maskCardNumbers(a) : a)),
      );
    },
  },
};

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskCardNumbers(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskCardNumbers(value.message),
      stack: maskCardNumbers(value.stack ?? ''),
    };
  }
  if (Array.isArray(value)) return value.map((v) => masked(v, depth + 1));
  // A request, reply or other instance is left to its serializer (the request's masks its URL).
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, depth + 1)]));
}
