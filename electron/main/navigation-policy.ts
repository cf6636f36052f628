import type { WebContents } from 'electron';

/**
 * A navigation or new window may only go to the app's own origin or the paired sync server;
 * anything else (a link in a product description, an injected redirect) is refused.
 */
export function isAllowedUrl(url: string, allowedOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return allowedOrigins.includes('file://');
  return allowedOrigins.includes(parsed.origin);
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function installNavigationPolicy(
  contents: GuardedContents,
  allowedOrigins: () => readonly string[],
): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (!isAllowedUrl(event.url, allowedOrigins())) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  // A server redirect is a navigation too: an allowed origin must not bounce the till elsewhere.
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
