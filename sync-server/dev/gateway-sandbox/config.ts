import { parseArgs } from 'node:util';
import type { GatewaySandboxOptions } from './app';
import { DEFAULT_FAULTS, parseRandom, parseScripts } from './faults';

/*
 * Start-up settings of `npm run gateway`: a flag wins over its environment variable.
 *   --host / OPENTILL_GATEWAY_HOST            127.0.0.1
 *   --port / OPENTILL_GATEWAY_PORT            8790 (0: any free port)
 *   --latency-ms / OPENTILL_GATEWAY_LATENCY_MS  added to every /v1 request
 *   --hold-ms / OPENTILL_GATEWAY_HOLD_MS      how long a `timeout` fault holds a response
 *   --seed / OPENTILL_GATEWAY_SEED            seed for --random
 *   --script / OPENTILL_GATEWAY_SCRIPT        e.g. "payment_intents.capture=error:503,ok"
 *   --random / OPENTILL_GATEWAY_RANDOM        e.g. "*=0.05:error:503"
 */

export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}

function whole(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > max) {
    throw new GatewayConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadGatewayConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): GatewaySandboxOptions {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'latency-ms': { type: 'string' },
        'hold-ms': { type: 'string' },
        seed: { type: 'string' },
        script: { type: 'string' },
        random: { type: 'string' },
      },
      strict: true,
    });
    const pick = (flag: keyof typeof values, variable: string) =>
      (values[flag] as string | undefined) ?? env[variable];
    return {
      host: pick('host', 'OPENTILL_GATEWAY_HOST') || '127.0.0.1',
      port: whole('port', pick('port', 'OPENTILL_GATEWAY_PORT'), 8790, 65_535),
      faults: {
        latencyMs: whole(
          'latency-ms',
          pick('latency-ms', 'OPENTILL_GATEWAY_LATENCY_MS'),
          0,
          600_000,
        ),
        holdMs: whole(
          'hold-ms',
          pick('hold-ms', 'OPENTILL_GATEWAY_HOLD_MS'),
          DEFAULT_FAULTS.holdMs,
          3_600_000,
        ),
        seed: whole('seed', pick('seed', 'OPENTILL_GATEWAY_SEED'), DEFAULT_FAULTS.seed, 2 ** 31),
        scripts: parseScripts(pick('script', 'OPENTILL_GATEWAY_SCRIPT') ?? ''),
        random: parseRandom(pick('random', 'OPENTILL_GATEWAY_RANDOM') ?? ''),
      },
    };
  } catch (e) {
    if (e instanceof GatewayConfigError) throw e;
    throw new GatewayConfigError((e as Error).message);
  }
}
