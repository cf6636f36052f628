import { PairResponse } from '../../domain/schemas';
import { requestJson } from '../replication/http';
import type { DeviceCredentials } from './device-secrets';

export interface PairingParams {
  readonly server: string;
  readonly code: string;
}

/** `?server=<url>&pair=<code>`, as `npm start` and the end-to-end tests open the register. */
export function readPairingParams(search: string): PairingParams | null {
  const params = new URLSearchParams(search);
  const server = params.get('server')?.trim();
  const code = params.get('pair')?.trim();
  return server && code ? { server, code } : null;
}

/** The same URL without the pairing parameters, so a one-time code never stays in history. */
export function withoutPairingParams(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('server');
  url.searchParams.delete('pair');
  return url.toString();
}

export function normaliseServerUrl(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

export async function pairDevice(
  server: string,
  code: string,
  deviceName: string,
): Promise<DeviceCredentials> {
  const serverUrl = normaliseServerUrl(server);
  const answer = PairResponse.parse(
    await requestJson(`${serverUrl}/api/pair`, {
      method: 'POST',
      body: { code: code.trim(), device_name: deviceName },
    }),
  );
  return {
    serverUrl,
    deviceId: answer.device_id,
    storeId: answer.store_id,
    token: answer.token,
  };
}
