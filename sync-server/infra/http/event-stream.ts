import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

/*
 * The plumbing every server-sent-event endpoint shares: headers, heartbeat, cleanup when the
 * client goes away, and ending every stream when the server shuts down.
 */

const HEARTBEAT_MS = 15_000;
/** Changes committed this close together reach a device as one event, so it pulls once. */
export const COALESCE_MS = 50;

/** Sends one event whose data is `data` as JSON. */
export type SendEvent = (data: unknown) => void;

export interface EventStreams {
  /**
   * Answers with an endless event stream. `start` subscribes to whatever feeds it and returns the
   * cleanup that runs once the stream ends, whichever side ends it.
   */
  open(reply: FastifyReply, start: (send: SendEvent) => () => void): FastifyReply;
  /** Ends every open stream: streams never end on their own, and shutdown must not wait on them. */
  closeAll(): void;
}

export function eventStreams(): EventStreams {
  const open = new Set<() => void>();
  return {
    open(reply, start) {
      const stream = new PassThrough();
      const stop = start((data) => stream.write(`data: ${JSON.stringify(data)}\n\n`));
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const end = (): void => {
        if (!open.delete(end)) return;
        stop();
        clearInterval(heartbeat);
        stream.end();
      };
      open.add(end);
      reply.raw.on('close', end);
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no')
          // The socket goes with the stream, so ending streams at shutdown frees every connection.
          .header('connection', 'close')
          .send(stream)
      );
    },
    closeAll() {
      for (const end of [...open]) end();
    },
  };
}

/** What changed during one coalescing window: some collections, or possibly everything. */
export type ChangedSet = ReadonlySet<string> | 'all';

export interface ChangeBatch {
  /** A changed collection, or `null` for "anything may have changed". */
  add(collection: string | null): void;
  cancel(): void;
}

/** Gathers changes for `ms` after the first one, then hands them to `flush` in one call. */
export function batchChanges(flush: (changed: ChangedSet) => void, ms = COALESCE_MS): ChangeBatch {
  let changed: Set<string> | 'all' = new Set();
  let timer: NodeJS.Timeout | null = null;
  return {
    add(collection) {
      if (collection === null) changed = 'all';
      else if (changed !== 'all') changed.add(collection);
      timer ??= setTimeout(() => {
        const batch = changed;
        changed = new Set();
        timer = null;
        flush(batch);
      }, ms);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
