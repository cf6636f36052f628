import { spawn } from 'node:child_process';
import path from 'node:path';
import { integer, loadConfig } from '../../infra/config';
import { serveRegister } from '../../api/register-host';
import { DEMO_STORE_ID } from '../../demo/demo-constants';
import { startServer } from '../../server';
import { fetchElectronBinary, electronInstallScript } from './fetch-electron';
import type { FetchOutcome } from './fetch-electron';
import { findElectronBinary } from './find-electron';

/*
 * `npm start`: the sync server on its database (embedded PGlite unless DATABASE_URL is set, the
 * demo store seeded on first run), the register build on its own port, paired to the demo store
 * with a fresh one-time code, opened in Electron. `npm install` does not download the Electron
 * binary, so the first start tries to, once and bounded, while the server starts; where that
 * fails the register is left for a browser with a line that says why.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const config = loadConfig();
const registerPort = Number(process.env.OPENTILL_REGISTER_PORT ?? 5173);
const fetchTimeoutMs = integer(
  process.env,
  'OPENTILL_ELECTRON_FETCH_TIMEOUT_MS',
  30_000,
  0,
  3_600_000,
);

const installedElectron = findElectronBinary();
const fetchingElectron = installedElectron ? null : fetchElectron();

function fetchElectron(): Promise<FetchOutcome> {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return Promise.resolve({ ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' });
  }
  if (fetchTimeoutMs === 0) {
    return Promise.resolve({ ok: false, reason: 'OPENTILL_ELECTRON_FETCH_TIMEOUT_MS is 0' });
  }
  console.log(
    `The Electron binary is not installed; fetching it from Electron's download host (up to ${fetchTimeoutMs / 1000} s)…`,
  );
  return fetchElectronBinary({ installScript: electronInstallScript(), timeoutMs: fetchTimeoutMs });
}

const server = await startServer(config);
const register = await serveRegister({
  dir: path.join(root, 'dist/renderer'),
  host: config.host,
  port: registerPort,
});

const response = await fetch(`${server.url}/api/admin/stores/${DEMO_STORE_ID}/pairing-codes`, {
  method: 'POST',
  headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
  body: '{}',
});
if (!response.ok) throw new Error(`Could not make a pairing code: ${await response.text()}`);
const { code } = (await response.json()) as { code: string };
const registerUrl = `${register.url}/?${new URLSearchParams({ server: server.url, pair: code })}`;

async function shutdown(): Promise<void> {
  await register.close();
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

console.log(
  `OpenTill sync server: ${server.url} (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})`,
);
console.log(
  `Back office: ${server.url}/office/${server.demoOwner ? ` (sign in as ${server.demoOwner.email}, password ${server.demoOwner.password})` : ''}`,
);
if (server.adminTokenFile) console.log(`Admin API token: kept in ${server.adminTokenFile}`);
const fetched = await fetchingElectron;
const electron = installedElectron ?? (fetched?.ok ? findElectronBinary() : null);
if (electron) {
  console.log('Opening the register in Electron…');
  const shell = spawn(electron, [path.join(root, 'dist/electron/main.cjs')], {
    stdio: 'inherit',
    env: { ...process.env, OPENTILL_REGISTER_URL: registerUrl },
  });
  shell.on('exit', () => void shutdown());
} else {
  const why = fetched && !fetched.ok ? ` (${fetched.reason})` : '';
  console.log(
    `The Electron binary could not be fetched${why}, so the register is served on localhost instead.`,
  );
  console.log(`Open the register in a browser: ${registerUrl}`);
  console.log('Press Ctrl+C to stop.');
}
