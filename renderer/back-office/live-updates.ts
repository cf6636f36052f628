import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryString } from './api';

/**
 * Listens to the server's change feed for the chosen stores and refetches what a new sale or a
 * settled refund changes, so the screens follow the registers without polling. Returns whether
 * the feed is connected, for the status shown in the header.
 */
export function useLiveUpdates(store: string | null): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (store === null) return undefined;
    const source = new EventSource(`/api/office/live${queryString({ store })}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as { type: string };
      if (message.type === 'ready') setConnected(true);
      if (message.type === 'changed') {
        void client.invalidateQueries({ queryKey: ['dashboard'] });
        void client.invalidateQueries({ queryKey: ['orders'] });
        void client.invalidateQueries({ queryKey: ['order'] });
      }
    };
    return () => {
      source.close();
      setConnected(false);
    };
  }, [client, store]);
  return connected;
}
