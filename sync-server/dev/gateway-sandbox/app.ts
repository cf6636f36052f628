import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson } from '../../../domain/canonical-json';
import { GatewayError } from './errors';
import type { StripeErrorObject } from './errors';
import { Faults, faultSettingsSchema, formatFault } from './faults';
import type { Endpoint, Fault, FaultSettings } from './faults';
import type { FormObject } from './form';
import { parseForm } from './form';
import { IdempotencyStore, MAX_KEY_LENGTH } from './idempotency';
import { newId } from './ids';
import {
  cancelIntent,
  captureIntent,
  confirmIntent,
  createIntent,
  retrieveIntent,
} from './intents';
import { createRefund, retrieveRefund } from './refunds';
import { SandboxState } from './state';
import type { Operation } from './state';

/*
 * The payment gateway sandbox: one plain node:http server (no framework, so a fault can hold or
 * drop the very socket a request came on) speaking the subset of Stripe's v1 REST API listed in
 * ROUTES, plus a control API under /__sandbox for tests and the bench. All state is in memory.
 */

export interface GatewaySandboxOptions {
  readonly host: string;
  /** 0 lets the OS pick a free port (tests). */
  readonly port: number;
  /** The faults at start; reset returns to these. */
  readonly faults: FaultSettings;
}

export interface GatewaySandbox {
  readonly url: string;
  close(): Promise<void>;
}

type Handler = (state: SandboxState, form: FormObject, op: Operation, id: string) => unknown;

const ROUTES: readonly (readonly [string, RegExp, Endpoint, Handler])[] = [
  [
    'POST',
    /^\/v1\/payment_intents$/,
    'payment_intents.create',
    (s, f, op) => createIntent(s, f, op),
  ],
  [
    'GET',
    /^\/v1\/payment_intents\/([^/]+)$/,
    'payment_intents.retrieve',
    (s, f, _op, id) => retrieveIntent(s, id, f),
  ],
  [
    'POST',
    /^\/v1\/payment_intents\/([^/]+)\/confirm$/,
    'payment_intents.confirm',
    (s, f, op, id) => confirmIntent(s, id, f, op),
  ],
  [
    'POST',
    /^\/v1\/payment_intents\/([^/]+)\/capture$/,
    'payment_intents.capture',
    (s, f, op, id) => captureIntent(s, id, f, op),
  ],
  [
    'POST',
    /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
    'payment_intents.cancel',
    (s, f, op, id) => cancelIntent(s, id, f, op),
  ],
  ['POST', /^\/v1\/refunds$/, 'refunds.create', (s, f, op) => createRefund(s, f, op)],
  [
    'GET',
    /^\/v1\/refunds\/([^/]+)$/,
    'refunds.retrieve',
    (s, f, _op, id) => retrieveRefund(s, id, f),
  ],
];

function routeOf(
  method: string,
  pathname: string,
): { name: Endpoint; handler: Handler; id: string } | null {
  for (const [m, pattern, name, handler] of ROUTES) {
    const match = m === method ? pattern.exec(pathname) : null;
    if (match) return { name, handler, id: decodeURIComponent(match[1] ?? '') };
  }
  return null;
}

/** One line per /v1 request, for tests to see retries and which faults struck. */
export interface RequestRecord {
  readonly seq: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly endpoint: Endpoint | null;
  readonly idempotency_key: string | null;
  /** The status the client was sent; null when the connection was dropped or held. */
  readonly status: number | null;
  /** executed: the endpoint ran; replayed: a saved response; refused: rejected before running. */
  readonly outcome: 'executed' | 'replayed' | 'refused' | 'fault';
  readonly fault: string | null;
}

const BODY_LIMIT = 1024 * 1024;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function errorBody(error: StripeErrorObject): string {
  return json({ error });
}

/** What a fault sends in place of the real response. */
function injectedError(status: number): string {
  return status === 429
    ? errorBody({
        type: 'invalid_request_error',
        code: 'rate_limit',
        message: 'Too many requests hit the API too quickly (injected by the gateway sandbox).',
      })
    : errorBody({
        type: 'api_error',
        message: 'An unexpected error occurred (injected by the gateway sandbox).',
      });
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A key shown the way Stripe shows a rejected one: its prefix and last four characters. */
function masked(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(4)}${key.slice(-4)}` : '****';
}

/** The secret key from `Authorization: Bearer sk_test_…` (or curl's `-u sk_test_…:` Basic). */
function apiKeyOf(req: IncomingMessage): { key: string } | { error: string } {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  const key = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : '');
  if (!key) {
    return {
      error:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    };
  }
  if (!key.startsWith('sk_test_')) {
    return {
      error: `Invalid API Key provided: ${masked(key)} (the gateway sandbox accepts only sk_test_ keys)`,
    };
  }
  return { key };
}

export async function startGatewaySandbox(options: GatewaySandboxOptions): Promise<GatewaySandbox> {
  const state = new SandboxState();
  const idempotency = new IdempotencyStore();
  const faults = new Faults(options.faults);
  let requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }
  const delay = (ms: number) =>
    ms > 0 ? new Promise<void>((resolve) => later(ms, resolve)) : Promise.resolve();

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  }

  async function handleV1(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const started = new Date();
    const headers: Record<string, string> = { 'request-id': newId('req') };
    const version = req.headers['stripe-version'];
    if (typeof version === 'string') headers['stripe-version'] = version;
    const rawKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
    // Stripe ignores keys on GET: a read is idempotent by nature.
    const idempotencyKey = typeof rawKey === 'string' && rawKey !== '' ? rawKey : null;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

    let endpoint: Endpoint | null = null;
    const record = (
      status: number | null,
      outcome: RequestRecord['outcome'],
      fault: Fault | null = null,
    ) => {
      requests.push({
        seq: requests.length + 1,
        at: started.toISOString(),
        method,
        path: url.pathname,
        endpoint,
        idempotency_key: idempotencyKey,
        status,
        outcome,
        fault: fault ? formatFault(fault) : null,
      });
    };
    const refuse = (status: number, error: StripeErrorObject) => {
      send(res, status, errorBody(error), headers);
      record(status, 'refused');
    };

    const body = await readBody(req);
    if (body === null) {
      return refuse(413, { type: 'invalid_request_error', message: 'Request body too large.' });
    }
    const auth = apiKeyOf(req);
    if ('error' in auth) return refuse(401, { type: 'invalid_request_error', message: auth.error });

    const found = routeOf(method, url.pathname);
    if (!found) {
      return refuse(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${url.pathname}). The gateway sandbox serves only the endpoints in docs/payment-gateway-sandbox.md.`,
      });
    }
    const { name, handler, id } = found;
    endpoint = name;
    if (idempotencyKey && idempotencyKey.length > MAX_KEY_LENGTH) {
      return refuse(400, {
        type: 'invalid_request_error',
        message: `Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters long.`,
      });
    }
    const form = parseForm(method === 'GET' ? url.search.slice(1) : body);

    const fault = faults.pick(name);
    if (fault?.phase === 'before') {
      deliver(res, fault, null, headers);
      record(fault.kind === 'error' ? fault.status : null, 'fault', fault);
      return;
    }

    const scope = auth.key;
    const fingerprint = canonicalJson({ method, path: url.pathname, params: form });
    if (idempotencyKey) {
      const claim = idempotency.claim(scope, idempotencyKey, fingerprint);
      if (claim.kind === 'mismatch') {
        return refuse(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
      }
      if (claim.kind === 'in-flight') {
        return refuse(409, {
          type: 'idempotency_error',
          code: 'idempotency_key_in_use',
          message:
            'There is currently another in-progress request using this Idempotency-Key. Try again later.',
        });
      }
      if (claim.kind === 'replay') {
        const replay = { ...headers, 'idempotent-replayed': 'true' };
        record(
          deliver(res, fault, { status: claim.status, body: claim.body }, replay),
          'replayed',
          fault,
        );
        return;
      }
    }

    await delay(faults.latencyMs);
    let response: { status: number; body: string };
    let saved = true;
    try {
      const result = handler(state, form, { idempotencyKey, now: new Date() }, id);
      response = { status: 200, body: json(result) };
    } catch (e) {
      if (e instanceof GatewayError) {
        response = { status: e.status, body: errorBody(e.error) };
        saved = e.saved === 'saved';
      } else {
        // A sandbox bug, not a Stripe behaviour: answer 500 and free the key for a retry.
        console.error('gateway sandbox: endpoint failed', e);
        response = { status: 500, body: errorBody({ type: 'api_error', message: String(e) }) };
        saved = false;
      }
    }
    if (idempotencyKey) {
      if (saved) idempotency.complete(scope, idempotencyKey, response.status, response.body);
      else idempotency.release(scope, idempotencyKey);
    }
    record(deliver(res, fault, response, headers), saved ? 'executed' : 'refused', fault);
  }

  /**
   * Sends `response` as it is, or as an `after` fault changes it, or (with no response yet) as a
   * `before` fault answers instead. Returns the status the client was sent, null if none.
   */
  function deliver(
    res: ServerResponse,
    fault: Fault | null,
    response: { status: number; body: string } | null,
    headers: Record<string, string>,
  ): number | null {
    if (fault === null && response !== null) {
      send(res, response.status, response.body, headers);
      return response.status;
    }
    switch (fault?.kind) {
      case 'error':
        send(res, fault.status, injectedError(fault.status), headers);
        return fault.status;
      case 'drop':
        res.socket?.destroy();
        return null;
      case 'timeout':
        later(faults.holdMsOf(fault), () => {
          // Held past the client's patience: a late answer for `after`, none for `before`.
          if (response) send(res, response.status, response.body, headers);
          else res.socket?.destroy();
        });
        return null;
      default:
        return null;
    }
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const body = await readBody(req);
    switch (route) {
      case 'GET /__sandbox/ledger': {
        const intent = url.searchParams.get('payment_intent') ?? undefined;
        return send(
          res,
          200,
          json({ entries: state.ledger.list(intent), totals: state.ledger.totals(intent) }),
        );
      }
      case 'GET /__sandbox/requests':
        return send(res, 200, json({ requests }));
      case 'GET /__sandbox/faults':
        return send(res, 200, json(faults.describe()));
      case 'PUT /__sandbox/faults': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body ?? '');
        } catch {
          return send(res, 400, json({ error: { message: 'send the faults as JSON' } }));
        }
        // Fields given replace the current ones; scripts start again from their first step.
        const current = faults.describe();
        const next = faultSettingsSchema.safeParse({
          latencyMs: current.latencyMs,
          holdMs: current.holdMs,
          seed: current.seed,
          scripts: current.scripts,
          random: current.random,
          ...(parsed as object),
        });
        if (!next.success) {
          return send(res, 400, json({ error: { message: next.error.message } }));
        }
        faults.set(next.data);
        return send(res, 200, json(faults.describe()));
      }
      case 'POST /__sandbox/reset':
        state.clear();
        idempotency.clear();
        requests = [];
        faults.set(options.faults);
        return send(res, 200, json({ reset: true }));
      default:
        return send(res, 404, json({ error: { message: `no control route ${route}` } }));
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const handle = url.pathname.startsWith('/__sandbox/') ? handleControl : handleV1;
    handle(req, res, url).catch((e: unknown) => {
      console.error('gateway sandbox: request failed', e);
      send(res, 500, errorBody({ type: 'api_error', message: 'The gateway sandbox failed.' }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
