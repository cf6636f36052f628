import { Writable } from 'node:stream';

/*
 * Pino's JSON lines made readable for a person at a terminal (OPENTILL_LOG_FORMAT=pretty):
 *   14:02:07 INFO  Server listening at http://127.0.0.1:8787
 *   14:02:09 DEBUG POST /api/replication/orders/push 200 12 ms
 *   14:02:11 WARN  payment capture failed job=capture_payment attempt=2
 *       StripeConnectionError: …
 * A few lines of our own rather than pino-pretty and its dependencies: the server logs little,
 * and request lines read better as one access-log line than as pino-pretty's nested objects.
 * Redaction has already happened: this sees what the JSON output would have shown.
 */

const LEVELS: Readonly<Record<number, { readonly name: string; readonly color: string }>> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO', color: '32' },
  40: { name: 'WARN', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '41;97' },
};

/** Fields pino and Fastify add to every line, and those the request line itself shows. */
const SHOWN_OR_NOISE = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId']);
const REQUEST_FIELDS = new Set(['req', 'res', 'responseTime']);

interface Serialized {
  readonly [key: string]: unknown;
}

/** One pino JSON line as text for a person; a line that is not JSON passes through unchanged. */
export function formatLogLine(line: string, options: { readonly color: boolean }): string {
  let record: Serialized;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return `${line}\n`;
    record = parsed as Serialized;
  } catch {
    return `${line}\n`;
  }
  const paint = (code: string, text: string) =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const level = LEVELS[Number(record.level)] ?? { name: String(record.level), color: '0' };
  const time = typeof record.time === 'number' ? clock(new Date(record.time)) : '--:--:--';
  const request = requestLine(record);
  const message = request ?? (typeof record.msg === 'string' ? record.msg : '');
  const skip = request ? REQUEST_FIELDS : new Set<string>();
  const extras: string[] = [];
  let stack: string | null = null;
  for (const [key, value] of Object.entries(record)) {
    if (SHOWN_OR_NOISE.has(key) || skip.has(key) || value === undefined) continue;
    if (key === 'err' && isError(value)) {
      stack = value.stack ?? `${value.type ?? 'Error'}: ${value.message}`;
      continue;
    }
    extras.push(
      `${paint('2', `${key}=`)}${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
  }
  const head = [
    paint('2', time),
    paint(level.color, level.name.padEnd(5)),
    message,
    ...extras,
  ].join(' ');
  const tail = stack ? `\n${stack.replace(/^/gm, '    ')}` : '';
  return `${head}${tail}\n`;
}

/** "GET /path 200 12 ms" for Fastify's request lines, null for any other line. */
function requestLine(record: Serialized): string | null {
  const req = record.req as { method?: unknown; url?: unknown } | undefined;
  const res = record.res as { statusCode?: unknown } | undefined;
  if (!req || typeof req.method !== 'string' || typeof req.url !== 'string') return null;
  const status = typeof res?.statusCode === 'number' ? ` ${res.statusCode}` : '';
  const took =
    typeof record.responseTime === 'number' ? ` ${Math.round(record.responseTime)} ms` : '';
  const suffix = record.msg === 'request completed' ? '' : ` (${String(record.msg)})`;
  return `${req.method} ${req.url}${status}${took}${suffix}`;
}

function isError(value: unknown): value is { stack?: string; type?: string; message: string } {
  return typeof value === 'object' && value !== null && 'message' in value;
}

function clock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

/** A destination for pino that writes each line formatted to `out` (the terminal). */
export function prettyLogStream(out: NodeJS.WritableStream & { isTTY?: boolean }): Writable {
  const color = out.isTTY === true && !process.env.NO_COLOR;
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== '') out.write(formatLogLine(line, { color }));
      done();
    },
  });
}
