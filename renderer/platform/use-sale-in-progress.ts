import { useEffect } from 'react';
import type { Platform } from './platform';

/** Keeps the shell told whether a sale is under way, so an update never restarts mid-sale. */
export function useSaleInProgress(platform: Platform, inProgress: boolean): void {
  useEffect(() => platform.setSaleInProgress(inProgress), [platform, inProgress]);
}
