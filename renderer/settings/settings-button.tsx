import { useState } from 'react';
import type { Role } from '../../domain/schemas';
import { SettingsDialog } from './settings-dialog';

interface Props {
  readonly role: Role;
  readonly serverUrl: string;
  readonly pendingUploads: number;
  readonly onChangeServer: (serverUrl: string) => void;
}

/** The header's way into the register's settings, for managers and admins only. */
export function SettingsButton({ role, ...dialog }: Props) {
  const [open, setOpen] = useState(false);
  if (role === 'cashier') return null;
  return (
    <>
      <button type="button" className="secondary small" onClick={() => setOpen(true)}>
        Settings
      </button>
      {open && (
        <div className="settings-dialog">
          <SettingsDialog {...dialog} onClose={() => setOpen(false)} />
        </div>
      )}
    </>
  );
}
