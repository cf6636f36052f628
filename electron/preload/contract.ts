import type { AppError } from '../../domain/errors';

/**
 * The whole surface the main process offers the register: one function per capability, each
 * returning a typed result instead of throwing across the bridge. The renderer codes against
 * this type; where there is no bridge (a plain browser) it uses its own fallback.
 */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: AppError };

export interface ShellInfo {
  readonly appVersion: string;
  readonly platform: string;
}

export interface OpenTillBridge {
  getShellInfo(): Promise<BridgeResult<ShellInfo>>;
}

/** The IPC channel names, kept beside the contract so both ends use the same strings. */
export const IPC = {
  getShellInfo: 'opentill:get-shell-info',
} as const;
