import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * The configured admin token, or the one kept in the data folder (made on first run, readable
 * by the owner only). `file` is set when the token came from the file, so it can be shown.
 */
export async function resolveAdminToken(
  configured: string | null,
  dataDir: string,
): Promise<{ token: string; file: string | null }> {
  if (configured !== null) return { token: configured, file: null };
  const file = path.resolve(dataDir, ADMIN_TOKEN_FILE);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 16) return { token: existing, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { token, file };
}
