import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { backoffDelay, SseParser, sseMessages } from './sse';
import { connectionStore } from './connection-store';

describe('SseParser', () => {
  it('yields each event once it is complete, across chunk boundaries and line endings', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\n: heartbeat\n\ndata: RESYNC\r')).toEqual(['{"a":1}']);
    expect(parser.push('\n\r\n')).toEqual(['RESYNC']);
    expect(parser.push('event: x\ndata:one\ndata:two\n\n')).toEqual(['one\ntwo']);
  });
});

describe('backoffDelay', () => {
  it('grows with each failed attempt up to a cap', () => {
    const top = () => 1;
    expect(backoffDelay(0, top)).toBe(1_000);
    expect(backoffDelay(3, top)).toBe(8_000);
    expect(backoffDelay(20, top)).toBe(30_000);
  });
});

describe('sseMessages', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** A response like fetch's: its body errors once the request is aborted. */
  const streamOf = (text: string, keepOpen = false, signal?: AbortSignal | null) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          if (!keepOpen) controller.close();
          signal?.addEventListener('abort', () => controller.error(signal.reason));
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );

  it('says open on connect and passes each event, sends the token, and reconnects when the server is down', async () => {
    const calls: RequestInit[] = [];
    let call = 0;
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      calls.push(init);
      call++;
      if (call === 1) throw new TypeError('connection refused');
      return streamOf('data: {"resync":"*"}\n\n: heartbeat\n\ndata: x\n\n');
    });
    const seen: boolean[] = [];
    const sub = connectionStore.subscribe((s) => seen.push(s.online === true));
    const messages = await firstValueFrom(
      sseMessages({ url: 'http://server/stream', token: 'secret', delay: () => 0 }).pipe(
        take(4),
        toArray(),
      ),
    );
    sub();
    expect(messages).toEqual([
      { type: 'open' },
      { type: 'data', data: '{"resync":"*"}' },
      { type: 'data', data: 'x' },
      // The server closed the stream: connected again.
      { type: 'open' },
    ]);
    expect(seen.slice(0, 2)).toEqual([false, true]);
    expect(new Headers(calls[1]?.headers).get('authorization')).toBe('Bearer secret');
    expect(new Headers(calls[1]?.headers).get('x-opentill-client')).toBeTruthy();
  });

  it('replaces a connection that has gone silent', async () => {
    const signals: AbortSignal[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      if (init.signal) signals.push(init.signal);
      return streamOf('data: hello\n\n', true, init.signal);
    });
    const messages = await firstValueFrom(
      sseMessages({ url: 'http://server/stream', token: 't', delay: () => 0, idleMs: 20 }).pipe(
        take(3),
        toArray(),
      ),
    );
    expect(messages.map((m) => m.type)).toEqual(['open', 'data', 'open']);
    expect(signals[0]?.aborted).toBe(true);
  });
});
