/**
 * Where the window loads the register from: OPENTILL_REGISTER_URL (set by `npm start`, which
 * serves the build and passes the pairing code), otherwise the packaged build on disk.
 */
export function registerUrl(
  env: Readonly<Record<string, string | undefined>>,
  packagedIndex: string,
): string {
  const fromEnv = env.OPENTILL_REGISTER_URL;
  if (fromEnv) return new URL(fromEnv).toString();
  return new URL(`file://${packagedIndex}`).toString();
}

export function allowedOriginsFor(url: string, syncServerUrl: string | null): string[] {
  const parsed = new URL(url);
  const own = parsed.protocol === 'file:' ? 'file://' : parsed.origin;
  const origins = [own];
  const server = syncServerUrl ?? parsed.searchParams.get('server');
  if (server) origins.push(new URL(server).origin);
  return origins;
}
