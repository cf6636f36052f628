import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronInstallScript, fetchElectronBinary } from './fetch-electron';

/*
 * `npm start` runs Electron's install script once, bounded. Stand-in scripts play the three ways
 * it can go (the real one needs Electron's download host, which this machine cannot reach).
 */
describe('fetchElectronBinary', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opentill-fetch-electron-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function script(name: string, source: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, source);
    return file;
  }

  it('finds the install script of the electron package', () => {
    expect(electronInstallScript()).toMatch(/node_modules[\\/]electron[\\/]install\.js$/);
  });

  it('reports success when the script downloads the binary', async () => {
    const installScript = await script('ok.cjs', 'process.exit(0);');
    await expect(fetchElectronBinary({ installScript, timeoutMs: 60_000 })).resolves.toEqual({
      ok: true,
    });
  });

  it("names the cause from the first line of the script's error", async () => {
    const installScript = await script(
      'offline.cjs',
      `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest');
       process.exit(1);`,
    );
    await expect(fetchElectronBinary({ installScript, timeoutMs: 60_000 })).resolves.toEqual({
      ok: false,
      reason: 'RequestError: getaddrinfo ENOTFOUND github.com',
    });
  });

  it('gives up at the deadline and leaves no download running', async () => {
    const pidFile = path.join(dir, 'hung.pid');
    const installScript = await script(
      'hung.cjs',
      `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
       setInterval(() => {}, 1000);`,
    );
    // Long enough for the stand-in to start and write its pid on a loaded machine.
    const outcome = await fetchElectronBinary({ installScript, timeoutMs: 5_000 });
    expect(outcome).toEqual({ ok: false, reason: 'it did not finish in 5 s' });
    const pid = Number(await readFile(pidFile, 'utf8'));
    await expect.poll(() => isRunning(pid)).toBe(false);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
