import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the back office is served; its build (`vite build --mode office`) uses the same base. */
export const OFFICE_BASE = '/office/';

/**
 * The built back office: next to the sources it is dist/office, next to the packaged server
 * (dist/server/serve.mjs) it is ../office.
 */
export function defaultOfficeDir(): string | null {
  const candidates = [
    path.resolve(import.meta.dirname, '../../../dist/office'),
    path.resolve(import.meta.dirname, '../office'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the back office's files under /office/, and its index.html for every other path there,
 * so each screen's URL can be opened, bookmarked and reloaded. Without a build it says how to
 * make one.
 */
export async function officePages(office: FastifyInstance, dir: string | null): Promise<void> {
  if (dir === null) {
    office.get(`${OFFICE_BASE}*`, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The back office is not built here: run `npm run build`, then restart the server.'),
    );
    return;
  }
  await office.register(fastifyStatic, {
    root: dir,
    prefix: OFFICE_BASE,
    wildcard: false,
    index: false,
    // Hashed file names change with their content; index.html must always be asked for again.
    immutable: true,
    maxAge: '365d',
  });
  office.get(`${OFFICE_BASE}*`, async (_request, reply) =>
    reply
      .header('cache-control', 'no-cache')
      .sendFile('index.html', dir, { maxAge: 0, immutable: false }),
  );
}
