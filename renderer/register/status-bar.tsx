import { useStore as useZustand } from 'zustand';
import { openSyncPanel } from '../sync-details/sync-panel-store';
import { connectionStore } from '../replication/connection-store';

interface Props {
  readonly pendingUploads: number;
}

export function StatusBar({ pendingUploads }: Props) {
  const online = useZustand(connectionStore, (s) => s.online);
  const lastError = useZustand(connectionStore, (s) => s.lastError);
  return (
    <div className="status-bar">
      <div role="status" aria-label="Sync status" className="sync-status">
        <span className={online ? 'dot online' : 'dot offline'} aria-hidden="true" />
        <span>{online ? 'Online' : 'Offline'}</span>
        <span className="pending">Pending uploads: {pendingUploads}</span>
      </div>
      <button type="button" className="sync-details" onClick={openSyncPanel}>
        Sync details
      </button>
      {lastError && (
        <span className="server-error" title={lastError.code}>
          Server: {lastError.message}
        </span>
      )}
    </div>
  );
}
