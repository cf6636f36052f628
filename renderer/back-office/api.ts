import type { z } from 'zod';

/*
 * Calls to the back-office API on this same origin. The session cookie goes along by itself
 * (httpOnly: no script here ever sees it); the browser adds the Origin header the server checks
 * on changes. Every answer is checked against its schema, so a screen renders only what it expects.
 */

export class OfficeApiError extends Error {
  override name = 'OfficeApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function officeApi<T>(
  path: string,
  schema: z.ZodType<T> | null,
  init: { readonly method?: string; readonly body?: unknown; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new OfficeApiError(
      response.status,
      body?.error?.code ?? 'INTERNAL',
      body?.error?.message ?? `the server answered ${response.status}`,
    );
  }
  if (schema === null || response.status === 204) return undefined as T;
  return schema.parse(await response.json());
}

/** A query string of the defined values only. */
export function queryString(values: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
