import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface RegisterHost {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the built register (dist/renderer) on its own origin, apart from the sync server, the
 * way Electron loads it from disk: stopping the sync server leaves the register running.
 */
export async function serveRegister(options: {
  readonly dir: string;
  readonly host: string;
  readonly port: number;
}): Promise<RegisterHost> {
  const dir = path.resolve(options.dir);
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`No register build in ${dir}: run \`npm run build\` first.`);
  }
  const app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: dir, index: 'index.html' });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, close: () => app.close() };
}
