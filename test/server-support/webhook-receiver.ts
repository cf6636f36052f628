import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly eventId: string;
  /** The status answered, or null for a request left without an answer. */
  readonly status: number | null;
}

/** What to answer the `nth` request (from 1) for one event at one path; null never answers. */
export type Answer = (request: { path: string; eventId: string; nth: number }) => number | null;

/** A real HTTP receiver on 127.0.0.1, as an integrator would run one. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: Answer = () => 200;
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const eventId = String(req.headers['opentill-event-id']);
        const nth = this.received.filter((r) => r.path === path && r.eventId === eventId).length;
        const status = this.answer({ path, eventId, nth: nth + 1 });
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ path, headers: req.headers, body, eventId, status });
        if (status !== null) res.writeHead(status).end(status < 300 ? 'ok' : 'receiver failed');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    this.port = address && typeof address === 'object' ? address.port : 0;
    this.server = server;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Requests answered with a 2xx, i.e. what the integrator's system took in. */
  accepted(path = '/hook'): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path && r.status !== null && r.status < 300);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
