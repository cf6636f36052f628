import { createServer } from 'node:http';
import type { Server } from 'node:http';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  verifySignature,
} from '../../sync-server/infra/http/signature';

export interface ReceivedRequest {
  readonly idempotencyKey: string;
  readonly signatureValid: boolean;
  readonly body: Record<string, unknown>;
}

/**
 * A 3PL on 127.0.0.1 as a real partner behaves: it checks each request's signature, keeps what
 * it was asked under the idempotency key and answers a repeated key from that record. `failNext`
 * makes it take the next request and then answer 500, as when its response is lost.
 */
export class Fake3pl {
  private server: Server | null = null;
  readonly requests: ReceivedRequest[] = [];
  /** Fulfillments it accepted, one per idempotency key. */
  readonly accepted = new Map<string, Record<string, unknown>>();
  private failures = 0;
  private refusals = 0;
  url = '';

  constructor(private readonly secret: string) {}

  failNext(times = 1): void {
    this.failures = times;
  }

  /** The next request is refused as one the 3PL will never accept (422). */
  refuseNext(): void {
    this.refusals = 1;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const key = String(req.headers[IDEMPOTENCY_HEADER] ?? '');
        const signature = req.headers[SIGNATURE_HEADER];
        const signatureValid = verifySignature(
          this.secret,
          typeof signature === 'string' ? signature : undefined,
          raw,
          new Date(),
        );
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        this.requests.push({ idempotencyKey: key, signatureValid, body });
        if (!signatureValid) {
          res.writeHead(401).end();
          return;
        }
        if (this.refusals > 0) {
          this.refusals -= 1;
          res.writeHead(422, { 'content-type': 'text/plain' }).end('we do not ship there');
          return;
        }
        if (!this.accepted.has(key)) this.accepted.set(key, body);
        const answer = JSON.stringify({ id: `3pl-${this.accepted.size}` });
        if (this.failures > 0) {
          this.failures -= 1;
          res.writeHead(500, { 'content-type': 'text/plain' }).end('lost on the way back');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address !== 'object') throw new Error('fake 3PL has no port');
    this.url = `http://127.0.0.1:${address.port}/shipments`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
