import type { Session } from 'electron';

/**
 * Scripts only from the app itself; network only to the app and the sync server. Injected
 * markup (a product name with a script tag) then has nothing to run and nowhere to send data.
 */
export function contentSecurityPolicy(syncServerOrigins: readonly string[]): string {
  const connect = ["'self'", ...syncServerOrigins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function installContentSecurityPolicy(
  session: Pick<Session, 'webRequest'>,
  syncServerOrigins: () => readonly string[],
): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy(syncServerOrigins())],
      },
    });
  });
}
