import type { FastifyInstance } from 'fastify';
import { CLIENT_VERSION, CLIENT_VERSION_HEADER } from '../../../domain/schemas';
import { HttpError } from './errors';

/** One package, one version: the server ships with the register it was built with. */
export const SERVER_VERSION = CLIENT_VERSION;
/** The oldest register this server still speaks the wire contract with. */
export const MIN_CLIENT_VERSION = '0.1.0';

const VERSION = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:[-+].*)?$/;

/** Negative when a < b, as for sort; null when either is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const pa = VERSION.exec(a.trim());
  const pb = VERSION.exec(b.trim());
  if (!pa || !pb) return null;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** Registers that announce a version older than MIN_CLIENT_VERSION are told to update (426). */
export function installVersionGate(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers[CLIENT_VERSION_HEADER];
    if (header === undefined) return;
    const version = Array.isArray(header) ? (header[0] ?? '') : header;
    const order = compareVersions(version, MIN_CLIENT_VERSION);
    if (order === null) {
      throw new HttpError(
        'INVALID_INPUT',
        `${CLIENT_VERSION_HEADER} must be a version such as ${CLIENT_VERSION}, got "${version.slice(0, 40)}"`,
      );
    }
    if (order < 0) {
      throw new HttpError(
        'CLIENT_TOO_OLD',
        `this register (${version}) is older than the server supports (${MIN_CLIENT_VERSION}); update the register`,
      );
    }
  });
}
