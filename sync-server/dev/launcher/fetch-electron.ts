import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export type FetchOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Electron's own install script, which `npm install` does not run here (package.json denies it
 * in allowScripts: with no route to Electron's download host it failed and rolled back the whole
 * install). It downloads the binary into node_modules/electron, or exits non-zero with the error.
 */
export function electronInstallScript(): string {
  return createRequire(import.meta.url).resolve('electron/install.js');
}

/**
 * Runs the install script once, bounded: a machine whose network drops packets to the download
 * host would otherwise hang `npm start` until the OS gave up on the connection. The script is
 * stopped at the deadline, so no download goes on behind the register.
 */
export function fetchElectronBinary(options: {
  readonly installScript: string;
  readonly timeoutMs: number;
}): Promise<FetchOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [options.installScript], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, reason: `it did not finish in ${options.timeoutMs / 1000} s` });
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ ok: true });
      // The script prints the error's stack; its first line names the cause
      // (e.g. "RequestError: getaddrinfo ENOTFOUND github.com").
      const firstLine = stderr.split('\n').find((line) => line.trim() !== '');
      resolve({ ok: false, reason: firstLine?.trim() ?? `it exited with ${code ?? signal}` });
    });
  });
}
