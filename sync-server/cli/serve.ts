import { loadConfig } from '../infra/config';
import { systemClock } from '../infra/clock';
import { startServer } from '../server';

/*
 * `npm run serve`: the sync server alone. Prints one machine-readable line,
 *   OPENTILL_READY {"url":"http://127.0.0.1:8787"}
 * once it listens (tests and scripts wait for it), then serves until SIGINT or SIGTERM.
 */
const config = loadConfig();
const server = await startServer(config, systemClock);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error(`Received ${signal}; stopping the sync server…`);
  try {
    await server.close();
    process.exit(0);
  } catch (e) {
    console.error('Could not stop cleanly:', e);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (server.adminTokenFile) {
  console.error(`Admin token (OPENTILL_ADMIN_TOKEN unset) is kept in ${server.adminTokenFile}`);
}
console.log(`OPENTILL_READY ${JSON.stringify({ url: server.url })}`);
