import { CLIENT_VERSION, CLIENT_VERSION_HEADER, ErrorBody } from '../../domain/schemas';
import { reportReachable, reportServerError } from './connection-store';

/** An answer from the server with a stable error code (domain/errors.ts). */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

/** The server could not be reached, or a proxy in front of it said it is down. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

const GATEWAY_DOWN = new Set([502, 503, 504]);

export interface ServerRequest {
  readonly method?: 'GET' | 'POST';
  readonly token?: string;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export function requestHeaders(token: string | undefined, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { [CLIENT_VERSION_HEADER]: CLIENT_VERSION };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (json) headers['content-type'] = 'application/json';
  return headers;
}

/**
 * One JSON request to the sync server. Every outcome also feeds the online/offline state: a
 * failed fetch or a gateway error means offline, any other answer means the server is there.
 */
export async function requestJson(
  url: string,
  { method = 'GET', token, body, signal }: ServerRequest = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(token, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    reportReachable(false);
    throw new UnreachableError(`Cannot reach the server: ${(e as Error).message}`);
  }
  if (GATEWAY_DOWN.has(response.status)) {
    reportReachable(false);
    throw new UnreachableError(`The server is unavailable (HTTP ${response.status}).`);
  }
  reportReachable(true);
  const text = await response.text();
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const parsed = ErrorBody.safeParse(json);
    const error = parsed.success
      ? parsed.data.error
      : { code: 'INTERNAL', message: `The server answered HTTP ${response.status}.` };
    reportServerError(error);
    throw new ServerError(response.status, error.code, error.message);
  }
  reportServerError(null);
  return json;
}
