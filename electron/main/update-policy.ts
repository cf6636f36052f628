import { appError } from '../../domain/errors';
import type { AppError } from '../../domain/errors';
import type { UpdateSettings } from '../../domain/device-settings';
import type { UpdateStatus } from '../preload/contract';

/*
 * When an update may restart the register. Installing quits the app, so it waits for the till
 * to be between sales: a cart with lines or a payment under way would be interrupted (the cart
 * survives a restart, a card on the terminal might not).
 */

/** Feeds are only asked when the register was told where one is; updates are off by default. */
export function feedToCheck(settings: UpdateSettings): string | null {
  return settings.enabled && settings.feedUrl !== '' ? settings.feedUrl : null;
}

export type ApplyDecision =
  { readonly install: true } | { readonly install: false; readonly error: AppError };

export function decideApply(status: UpdateStatus, saleInProgress: boolean): ApplyDecision {
  if (status.state !== 'ready') {
    return { install: false, error: appError('NOT_FOUND', 'No update is ready to install') };
  }
  if (saleInProgress) {
    return {
      install: false,
      error: appError(
        'IN_PROGRESS',
        `Finish or park the sale first: installing ${status.version} restarts the register`,
      ),
    };
  }
  return { install: true };
}
