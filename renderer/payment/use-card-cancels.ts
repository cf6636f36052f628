import { useEffect } from 'react';
import type { TillDatabase } from '../db/database';
import type { DeviceCredentials } from '../device/device-secrets';
import { connectionStore } from '../replication/connection-store';
import { flushCardCancels } from './card-cancels';

/** Sends the card cancels left waiting at start and whenever the server is reachable again. */
export function useCardCancels(db: TillDatabase, device: DeviceCredentials): void {
  useEffect(() => {
    const flush = () =>
      void flushCardCancels(db, device).catch((e: unknown) =>
        console.error('could not send the card cancels', e),
      );
    flush();
    return connectionStore.subscribe((state, previous) => {
      if (state.online === true && previous.online !== true) flush();
    });
  }, [db, device]);
}
