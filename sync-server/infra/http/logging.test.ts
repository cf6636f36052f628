import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFormat, LogLevel } from '../config';
import { serverLogging } from './logging';

/*
 * What `npm start`'s terminal shows: the server's own logger options on a small Fastify app,
 * its lines captured where stdout would be.
 */
describe('serverLogging', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function serve(logLevel: LogLevel, logFormat: LogFormat) {
    const out = new PassThrough();
    const lines: string[] = [];
    out.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n')));
    app = Fastify(serverLogging({ logLevel, logFormat }, { paths: ['token'], censor: '[x]' }, out));
    app.get('/api/health', async () => ({ ok: true }));
    app.get('/api/broken', async () => {
      throw new Error('the database went away');
    });
    app.get('/api/secret', async (request) => {
      request.log.info({ token: 'tok_live_123' }, 'paired a register');
      return {};
    });
    await app.ready();
    return { app, lines: () => lines.filter((line) => line !== '') };
  }

  it('keeps request lines out of the default level', async () => {
    const { app, lines } = await serve('info', 'pretty');
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    app.log.info('after the request');
    await expect.poll(lines).toEqual([expect.stringMatching(/INFO {2}after the request$/)]);
  });

  it('shows each request as one readable line at debug', async () => {
    const { app, lines } = await serve('debug', 'pretty');
    await app.inject({ method: 'GET', url: '/api/health' });
    await expect
      .poll(lines)
      .toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d DEBUG GET \/api\/health 200 \d+ ms$/)]);
  });

  it('shows a failed request as an error with its stack indented below it', async () => {
    const { app, lines } = await serve('info', 'pretty');
    expect((await app.inject({ url: '/api/broken' })).statusCode).toBe(500);
    await expect.poll(() => lines().join('\n')).toMatch(/ERROR GET \/api\/broken 500/);
    expect(lines()).toContainEqual('    Error: the database went away');
  });

  it('writes JSON lines when asked, with the request in fields', async () => {
    const { app, lines } = await serve('debug', 'json');
    await app.inject({ url: '/api/health' });
    await expect.poll(lines).toHaveLength(1);
    expect(JSON.parse(lines()[0] ?? '')).toMatchObject({
      level: 20,
      msg: 'request completed',
      req: { method: 'GET', url: '/api/health' },
      res: { statusCode: 200 },
    });
  });

  it('redacts secrets in pretty lines as in JSON ones', async () => {
    const { app, lines } = await serve('info', 'pretty');
    await app.inject({ url: '/api/secret' });
    await expect
      .poll(lines)
      .toEqual([expect.stringMatching(/INFO {2}paired a register token=\[x\]$/)]);
  });
});
