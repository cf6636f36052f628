import { Observable } from 'rxjs';
import { requestHeaders } from './http';
import { reportReachable } from './connection-store';

/**
 * Incremental Server-Sent Events parser: feed it decoded text as it arrives, get back the data
 * of each complete event. Comment lines (heartbeats) and fields other than `data` are ignored.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  push(text: string): string[] {
    this.buffer += text;
    const events: string[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      // A lone trailing \r may be the first half of \r\n still in flight.
      if (width === 1 && this.buffer[newline] === '\r' && newline === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(newline + width);
      if (line === '') {
        if (this.data.length > 0) events.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data')) {
        const value = line.slice(line.indexOf(':') === 4 ? 5 : 4);
        this.data.push(value.startsWith(' ') ? value.slice(1) : value);
      }
    }
    return events;
  }
}

/** Exponential backoff, capped, with half of it random: a server coming back is not stampeded. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1_000 * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface SseOptions {
  readonly url: string;
  readonly token: string;
  readonly delay?: (attempt: number) => number;
  /**
   * A connection silent this long is taken for dead and replaced. The server sends a heartbeat
   * every 15 s, and a connection that died without a close (a sleeping laptop, a dropped NAT
   * entry) would otherwise wait for news forever.
   */
  readonly idleMs?: number;
}

/** What a live SSE connection reports: it (re)connected, or the data of one event. */
export type SseMessage =
  { readonly type: 'open' } | { readonly type: 'data'; readonly data: string };

const IDLE_MS = 45_000;

/**
 * The messages of one SSE endpoint, for as long as it is subscribed. Written with fetch and a
 * ReadableStream because EventSource cannot send the Authorization header. Says `open` on every
 * (re)connection, since changes made while disconnected were never announced; reconnects with
 * backoff.
 */
export function sseMessages({
  url,
  token,
  delay = backoffDelay,
  idleMs = IDLE_MS,
}: SseOptions): Observable<SseMessage> {
  return new Observable<SseMessage>((subscriber) => {
    const controller = new AbortController();
    const { signal } = controller;
    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });

    void (async () => {
      let attempt = 0;
      while (!signal.aborted) {
        // One controller per connection, so the idle watchdog can drop it without ending the loop.
        const connection = new AbortController();
        const abortConnection = () => connection.abort();
        signal.addEventListener('abort', abortConnection);
        let idle: ReturnType<typeof setTimeout> | undefined;
        const watch = () => {
          clearTimeout(idle);
          idle = setTimeout(abortConnection, idleMs);
        };
        watch();
        try {
          const response = await fetch(url, {
            headers: { ...requestHeaders(token, false), accept: 'text/event-stream' },
            signal: connection.signal,
          });
          const gatewayDown = response.status >= 502 && response.status <= 504;
          reportReachable(!gatewayDown);
          if (!response.ok || !response.body) {
            await response.body?.cancel();
            await wait(delay(attempt++));
            continue;
          }
          attempt = 0;
          subscriber.next({ type: 'open' });
          const parser = new SseParser();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            watch();
            for (const data of parser.push(value)) subscriber.next({ type: 'data', data });
          }
        } catch {
          if (signal.aborted) return;
          if (!connection.signal.aborted) reportReachable(false);
        } finally {
          clearTimeout(idle);
          signal.removeEventListener('abort', abortConnection);
        }
        await wait(delay(attempt++));
      }
    })();

    return () => controller.abort();
  });
}
