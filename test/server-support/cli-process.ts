import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A long-running CLI of this repository (the sync server, the gateway sandbox) as a real child
 * process, with what it prints kept so a test can wait for a line such as its ready signal.
 */
export class CliProcess {
  private child: ChildProcess | null = null;
  private output = '';

  /** `name` says which process an error is about. */
  constructor(private readonly name: string) {}

  get running(): boolean {
    return this.child !== null;
  }

  /** Everything it printed, stdout and stderr, since it was last started. */
  get printed(): string {
    return this.output;
  }

  /** Starts `script` (a path from the repository root) through tsx. */
  start(script: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
    if (this.child) throw new Error(`${this.name} is already running`);
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
  }

  /**
   * Resolves with the first match of `pattern` (a text, or a RegExp whose groups are returned)
   * in what the process printed since it was started.
   */
  async waitFor(pattern: string | RegExp, timeoutMs: number): Promise<readonly string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found =
        typeof pattern === 'string'
          ? this.output.includes(pattern)
            ? [pattern]
            : null
          : pattern.exec(this.output);
      if (found) return [...found];
      if (!this.child) {
        throw new Error(`${this.name} exited before printing ${String(pattern)}:\n${this.output}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: timed out waiting for ${String(pattern)}:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM lets it finish cleanly; SIGKILL is a crash with requests in flight. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}
