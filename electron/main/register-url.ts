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

/**
 * The sync servers the register may talk to: the one a pairing link names (`?server=`) and the
 * one in the device settings, which the register saves before it pairs.
 */
export function syncServerOriginsFor(url: string, configuredServer: string | null): string[] {
  const fromLink = new URL(url).searchParams.get('server');
  const origins = [fromLink, configuredServer]
    .filter((s): s is string => Boolean(s))
    .map((s) => new URL(s).origin);
  return [...new Set(origins)];
}

export function allowedOriginsFor(url: string, configuredServer: string | null): string[] {
  const parsed = new URL(url);
  const own = parsed.protocol === 'file:' ? 'file://' : parsed.origin;
  return [own, ...syncServerOriginsFor(url, configuredServer)];
}

/**
 * Whether an IPC call comes from the register itself: the same origin it was loaded from, or,
 * packaged, a file inside the renderer's own folder — not any file a navigation reached.
 */
export function isRegisterPage(frameUrl: string, url: string): boolean {
  let frame: URL;
  try {
    frame = new URL(frameUrl);
  } catch {
    return false;
  }
  const own = new URL(url);
  if (own.protocol === 'file:') {
    const folder = own.pathname.slice(0, own.pathname.lastIndexOf('/') + 1);
    return frame.protocol === 'file:' && frame.pathname.startsWith(folder);
  }
  return frame.origin === own.origin;
}
