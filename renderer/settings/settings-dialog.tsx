import { useEffect, useState } from 'react';
import type { DeviceSettings, PrinterSettings } from '../../domain/device-settings';
import type { PrinterInfo, UpdateStatus } from '../../electron/preload/contract';
import { FormActions, FormError, ModalForm } from '../ui/modal-form';
import { normaliseServerUrl } from '../device/pairing';
import { usePlatform } from '../platform/platform-context';
import { CheckboxField, SelectField, TextField } from './settings-fields';
import { formOf, printerOf, settingsOf } from './settings-form';
import type { SettingsForm } from './settings-form';

interface Props {
  /** The server this register is paired with. */
  readonly serverUrl: string;
  /** Sales and returns not yet on the server: changing server now would strand them. */
  readonly pendingUploads: number;
  readonly onClose: () => void;
  /** Unpairs and shows the pairing screen with the new address filled in. */
  readonly onChangeServer: (serverUrl: string) => void;
}

const PRINTER_KINDS: readonly { value: PrinterSettings['kind']; label: string }[] = [
  { value: 'dialog', label: 'None: the print dialog' },
  { value: 'system', label: 'System printer' },
  { value: 'escpos-network', label: 'ESC/POS printer on the network' },
  { value: 'escpos-device', label: 'ESC/POS printer on USB or serial' },
];

const DRAWER_PINS = [
  { value: '2', label: 'Pin 2' },
  { value: '5', label: 'Pin 5' },
] as const;

function updateLine(status: UpdateStatus): string {
  switch (status.state) {
    case 'off':
      return 'Updates are off.';
    case 'idle':
      return 'Up to date.';
    case 'checking':
      return 'Checking for updates…';
    case 'downloading':
      return `Downloading version ${status.version}…`;
    case 'ready':
      return `Version ${status.version} is ready to install.`;
    case 'error':
      return `Updates failed: ${status.message}`;
  }
}

/** This register's own settings: its sync server, receipt printer, cash drawer and updates. */
export function SettingsDialog({ serverUrl, pendingUploads, onClose, onChangeServer }: Props) {
  const platform = usePlatform();
  const [saved, setSaved] = useState<DeviceSettings | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [server, setServer] = useState(serverUrl);
  const [printers, setPrinters] = useState<readonly PrinterInfo[] | null>(null);
  const [updates, setUpdates] = useState<UpdateStatus>({ state: 'off' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([
      platform.getSettings(),
      platform.listPrinters(),
      platform.getUpdateStatus(),
    ]).then(([settings, listed, status]) => {
      if (cancelled) return;
      if (!settings.ok) return setError(settings.error.message);
      setSaved(settings.value);
      setForm(formOf(settings.value));
      if (listed.ok) setPrinters(listed.value);
      if (status.ok) setUpdates(status.value);
    });
    return () => {
      cancelled = true;
    };
  }, [platform]);

  if (!form || !saved) {
    return (
      <ModalForm labelledBy="settings-heading" onClose={onClose} onSubmit={onClose}>
        <h2 id="settings-heading">Register settings</h2>
        <FormError message={error} />
        {!error && <p className="muted">Loading…</p>}
        <FormActions submitLabel="Close" busy={false} />
      </ModalForm>
    );
  }

  const set = (patch: Partial<SettingsForm>) => setForm({ ...form, ...patch });
  const serverChanged = normaliseServerUrl(server) !== normaliseServerUrl(serverUrl);

  async function save() {
    if (!form || !saved) return;
    setError(null);
    setNotice(null);
    if (serverChanged && pendingUploads > 0) {
      return setError(
        `${pendingUploads} sales or returns have not reached ${serverUrl} yet: sync them before pairing with another server.`,
      );
    }
    const next = settingsOf(form, serverChanged ? normaliseServerUrl(server) : saved.serverUrl);
    if (!next.ok) return setError(next.error.message);
    setBusy(true);
    const result = await platform.saveSettings(next.value);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    if (serverChanged) onChangeServer(normaliseServerUrl(server));
    else onClose();
  }

  async function testPage() {
    if (!form) return;
    setError(null);
    setNotice(null);
    const printed = await platform.printTestPage(printerOf(form));
    if (printed.ok) setNotice('Test page sent to the printer.');
    else setError(printed.error.message);
  }

  async function applyUpdate() {
    const applied = await platform.applyUpdate();
    if (!applied.ok) setError(applied.error.message);
  }

  return (
    <ModalForm labelledBy="settings-heading" wide onClose={onClose} onSubmit={() => void save()}>
      <h2 id="settings-heading">Register settings</h2>
      {platform.kind === 'browser' && (
        <p className="muted">
          This register runs in a browser: receipts print through the browser’s print dialog, and a
          till printer or cash drawer needs the desktop app.
        </p>
      )}
      <fieldset className="settings-group">
        <legend>Sync server</legend>
        <TextField label="Sync server address" value={server} onChange={setServer} />
        {serverChanged && (
          <p className="muted">
            Saving pairs this register again, with a code from the new server.
          </p>
        )}
      </fieldset>
      <fieldset className="settings-group">
        <legend>Printing</legend>
        <SelectField
          label="Receipt printer"
          value={form.printerKind}
          options={PRINTER_KINDS}
          onChange={(printerKind) => set({ printerKind })}
        />
        {form.printerKind === 'system' &&
          (printers ? (
            <SelectField
              label="System printer"
              value={form.systemPrinter}
              options={[
                { value: '', label: 'The system’s default printer' },
                ...printers.map((p) => ({ value: p.name, label: p.displayName })),
              ]}
              onChange={(systemPrinter) => set({ systemPrinter })}
            />
          ) : (
            <TextField
              label="System printer name"
              value={form.systemPrinter}
              onChange={(v) => set({ systemPrinter: v })}
            />
          ))}
        {form.printerKind === 'escpos-network' && (
          <TextField
            label="Printer address (host:port)"
            value={form.networkAddress}
            placeholder="192.168.1.50:9100"
            onChange={(v) => set({ networkAddress: v })}
          />
        )}
        {form.printerKind === 'escpos-device' && (
          <TextField
            label="Printer device path"
            value={form.devicePath}
            placeholder="/dev/usb/lp0"
            onChange={(v) => set({ devicePath: v })}
          />
        )}
        <button type="button" className="secondary" onClick={() => void testPage()}>
          Print test page
        </button>
      </fieldset>
      <fieldset className="settings-group">
        <legend>Cash drawer</legend>
        <CheckboxField
          label="Open the cash drawer through the receipt printer"
          checked={form.drawerEnabled}
          onChange={(v) => set({ drawerEnabled: v })}
        />
        <SelectField
          label="Drawer pin"
          value={form.drawerPin}
          disabled={!form.drawerEnabled}
          options={DRAWER_PINS}
          onChange={(drawerPin) => set({ drawerPin })}
        />
      </fieldset>
      {platform.kind === 'desktop' && (
        <fieldset className="settings-group">
          <legend>Updates</legend>
          <CheckboxField
            label="Download updates"
            checked={form.updatesEnabled}
            onChange={(v) => set({ updatesEnabled: v })}
          />
          <TextField
            label="Update feed address"
            value={form.feedUrl}
            placeholder="https://updates.example.com/opentill/"
            onChange={(v) => set({ feedUrl: v })}
          />
          <p role="status" aria-label="Update status" className="muted">
            {updateLine(updates)}
          </p>
          {updates.state === 'ready' && (
            <button type="button" className="secondary" onClick={() => void applyUpdate()}>
              Restart to update
            </button>
          )}
        </fieldset>
      )}
      <FormError message={error} />
      {notice && (
        <p role="status" aria-label="Printer" className="muted">
          {notice}
        </p>
      )}
      <FormActions submitLabel="Save settings" busy={busy} onCancel={onClose} />
    </ModalForm>
  );
}
