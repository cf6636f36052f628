import { SERVER_VERSION } from '../../infra/http/client-version';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** A 2xx is `ok`; anything else — another status, a timeout, no connection — is a failure. */
export type WebhookOutcome =
  | { readonly ok: true; readonly statusCode: number }
  | { readonly ok: false; readonly statusCode: number | null; readonly error: string };

/** Enough of a refusing receiver's answer to tell why, not a whole error page. */
const ERROR_BODY_CHARS = 500;

async function readStart(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.slice(0, ERROR_BODY_CHARS).replace(/\s+/g, ' ').trim();
}

function describeSendError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause =
    e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  const reason = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return `could not connect: ${reason}`;
}

/**
 * Redirects are not followed: the receiver's URL is the one the store registered, and a 3xx is
 * a failure to fix there.
 */
export async function postWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': `OpenTill-Webhooks/${SERVER_VERSION}`,
        ...request.headers,
      },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel();
      return { ok: true, statusCode: response.status };
    }
    const start = await readStart(response);
    return {
      ok: false,
      statusCode: response.status,
      error: `HTTP ${response.status}${start ? `: ${start}` : ''}`,
    };
  } catch (e) {
    return { ok: false, statusCode: null, error: describeSendError(e, request.timeoutMs) };
  }
}
