import { z } from 'zod';

/*
 * Fault injection for the sandbox's /v1 endpoints. Each fault says WHEN it strikes:
 * - `before`: the request is refused or lost before it does anything — no money moves and the
 *   idempotency key stays free, so a retry runs for the first time;
 * - `after`: the request has run and its response is saved under its idempotency key, then the
 *   response is replaced or lost — "charged, but the answer never arrived". A retry with the
 *   same key replays the saved response and moves no money again.
 * Kinds: `error` answers with a 5xx (or 429) api_error body; `timeout` holds the response longer
 * than the client waits (then drops it if `before`, sends it late if `after`); `drop` closes
 * the connection with no response.
 *
 * Faults are written as tokens, the same on the command line and in the control API:
 *   ok | error[:<status>][:before|after] | timeout[:before|after][:<n>ms] | drop[:before|after]
 * e.g. `error:503`, `error:500:after`, `timeout:after:2000ms`. The phase defaults to `before`.
 */

export const ENDPOINTS = [
  'payment_intents.create',
  'payment_intents.retrieve',
  'payment_intents.confirm',
  'payment_intents.capture',
  'payment_intents.cancel',
  'refunds.create',
  'refunds.retrieve',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
/** An endpoint, or `*` for every /v1 request. A rule for the endpoint itself wins over `*`. */
export type Target = Endpoint | '*';

export type Phase = 'before' | 'after';
export type Fault =
  | { readonly kind: 'error'; readonly status: number; readonly phase: Phase }
  | { readonly kind: 'timeout'; readonly phase: Phase; readonly holdMs: number | null }
  | { readonly kind: 'drop'; readonly phase: Phase };
type Step = Fault | 'ok';

const ERROR_STATUSES = [429, 500, 502, 503, 504];

export function parseStep(token: string): Step {
  const [kind, ...options] = token.trim().split(':');
  if (kind === 'ok' && options.length === 0) return 'ok';
  let phase: Phase = 'before';
  let status = 500;
  let holdMs: number | null = null;
  for (const option of options) {
    if (option === 'before' || option === 'after') phase = option;
    else if (kind === 'error' && /^\d{3}$/.test(option) && ERROR_STATUSES.includes(+option)) {
      status = Number(option);
    } else if (kind === 'timeout' && /^\d+ms$/.test(option)) holdMs = parseInt(option, 10);
    else throw new Error(`"${token}": unknown option "${option}"`);
  }
  switch (kind) {
    case 'error':
      return { kind, status, phase };
    case 'timeout':
      return { kind, phase, holdMs };
    case 'drop':
      return { kind, phase };
    default:
      throw new Error(
        `"${token}": a fault is ok, error[:status][:phase], timeout[:phase][:<n>ms] or drop[:phase]`,
      );
  }
}

export function formatFault(fault: Fault): string {
  switch (fault.kind) {
    case 'error':
      return `error:${fault.status}:${fault.phase}`;
    case 'timeout':
      return `timeout:${fault.phase}${fault.holdMs === null ? '' : `:${fault.holdMs}ms`}`;
    case 'drop':
      return `drop:${fault.phase}`;
  }
}

function validToken(token: string): boolean {
  try {
    parseStep(token);
    return true;
  } catch {
    return false;
  }
}

const token = z.string().refine(validToken, 'not a fault token (see faults.ts)');
const faultToken = token.refine((t) => t.trim() !== 'ok', 'a random fault cannot be "ok"');
const target = z.enum(['*', ...ENDPOINTS] as const);

/** What the control API and the command line set; scripts are consumed one step per request. */
export const faultSettingsSchema = z.object({
  /** Added to every /v1 request while it holds its idempotency key (so concurrent retries see 409). */
  latencyMs: z.number().int().min(0).max(600_000),
  /** How long a `timeout` fault without its own `<n>ms` holds the response. */
  holdMs: z.number().int().min(0).max(3_600_000),
  /** Seed of the generator behind `random`, so a run's faults can be repeated. */
  seed: z.number().int(),
  scripts: z.partialRecord(target, z.array(token)),
  random: z.partialRecord(target, z.object({ rate: z.number().min(0).max(1), fault: faultToken })),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const DEFAULT_FAULTS: FaultSettings = {
  latencyMs: 0,
  // Longer than the stripe SDK's default 80 s timeout, so a held response is never awaited.
  holdMs: 90_000,
  seed: 1,
  scripts: {},
  random: {},
};

function entries<V>(record: Partial<Record<Target, V>>): [Target, V][] {
  return Object.entries(record) as [Target, V][];
}

/** `<target>=<token>,<token>;<target>=…` — e.g. `payment_intents.capture=error:503,ok`. */
export function parseScripts(text: string): FaultSettings['scripts'] {
  const out: FaultSettings['scripts'] = {};
  for (const [name, value] of rules(text)) {
    const steps = value.split(',').map((s) => s.trim());
    steps.forEach(parseStep);
    out[name] = steps;
  }
  return out;
}

/** `<target>=<rate>:<fault>;…` — e.g. `*=0.05:error:503;refunds.create=0.1:drop:after`. */
export function parseRandom(text: string): FaultSettings['random'] {
  const out: FaultSettings['random'] = {};
  for (const [name, value] of rules(text)) {
    const [rate = '', ...fault] = value.split(':');
    const parsedRate = Number(rate);
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(rate)) {
      throw new Error(`"${value}": the rate must be a fraction from 0 to 1`);
    }
    const faultText = fault.join(':');
    if (parseStep(faultText) === 'ok') {
      throw new Error(`"${value}": a random fault cannot be "ok"`);
    }
    out[name] = { rate: parsedRate, fault: faultText };
  }
  return out;
}

function rules(text: string): [Target, string][] {
  return text
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((rule) => {
      const at = rule.indexOf('=');
      const name = rule.slice(0, at).trim();
      const parsed = target.safeParse(name);
      if (at < 0 || !parsed.success) {
        throw new Error(`"${rule}": start with * or one of ${ENDPOINTS.join(', ')} and =`);
      }
      return [parsed.data, rule.slice(at + 1)];
    });
}

/** mulberry32: small, seeded, and good enough to pick which requests fail. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private current: FaultSettings = DEFAULT_FAULTS;
  private scripts = new Map<Target, Step[]>();
  private random = new Map<Target, { rate: number; fault: Fault }>();
  private next01: () => number = Math.random;

  constructor(settings: FaultSettings) {
    this.set(settings);
  }

  /** Replaces every setting (scripts start again from their first step). */
  set(settings: FaultSettings): void {
    this.current = settings;
    this.scripts = new Map(
      entries(settings.scripts).map(([t, steps]) => [t, steps.map(parseStep)]),
    );
    this.random = new Map(
      entries(settings.random).map(([t, r]) => [
        t,
        { rate: r.rate, fault: parseStep(r.fault) as Fault },
      ]),
    );
    this.next01 = seededRandom(settings.seed);
  }

  /** The settings with each script's remaining steps. */
  describe(): FaultSettings & { remaining: Partial<Record<Target, string[]>> } {
    const remaining: Partial<Record<Target, string[]>> = {};
    for (const [t, steps] of this.scripts) {
      remaining[t] = steps.map((s) => (s === 'ok' ? s : formatFault(s)));
    }
    return { ...this.current, remaining };
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  holdMsOf(fault: Extract<Fault, { kind: 'timeout' }>): number {
    return fault.holdMs ?? this.current.holdMs;
  }

  /** The fault for this request, if any: its endpoint's script, then `*`'s, then the rates. */
  pick(endpoint: Endpoint): Fault | null {
    for (const t of [endpoint, '*'] as const) {
      const step = this.scripts.get(t)?.shift();
      if (step !== undefined) return step === 'ok' ? null : step;
    }
    const rule = this.random.get(endpoint) ?? this.random.get('*');
    return rule && this.next01() < rule.rate ? rule.fault : null;
  }
}
