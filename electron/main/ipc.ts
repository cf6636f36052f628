import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { appError } from '../../domain/errors';
import { IPC } from '../preload/contract';
import type { OpenTillBridge } from '../preload/contract';
import { NOT_THE_REGISTER } from './bridge-handlers';
import type { BridgeHandlers } from './bridge-handlers';

/**
 * One IPC handler per bridge function. Each call is checked to come from the register's own
 * page (not a frame or page the window was steered to), and an exception in a handler comes
 * back as an INTERNAL result rather than a rejected promise the page would have to guess at.
 */
export function registerBridge(
  ipc: Pick<IpcMain, 'handle'>,
  handlers: BridgeHandlers,
  isRegisterPage: (url: string) => boolean,
  log: (message: string, error: unknown) => void,
): void {
  for (const name of Object.keys(IPC) as (keyof OpenTillBridge)[]) {
    ipc.handle(IPC[name], async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isRegisterPage(event.senderFrame?.url ?? ''))
        return { ok: false, error: NOT_THE_REGISTER };
      try {
        return await handlers[name](...args);
      } catch (e) {
        log(`bridge call ${name} failed`, e);
        return {
          ok: false,
          error: appError('INTERNAL', `The desktop shell failed: ${(e as Error).message}`),
        };
      }
    });
  }
}
