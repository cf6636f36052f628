import { useCallback, useEffect, useState } from 'react';
import type { TillDatabase } from './db/database';
import type { DeviceCredentials, DeviceSecrets } from './device/device-secrets';
import {
  normaliseServerUrl,
  pairDevice,
  readPairingParams,
  withoutPairingParams,
} from './device/pairing';
import { usePlatform } from './platform/platform-context';
import { startReplication } from './replication/replication';
import { PairingScreen } from './device/pairing-screen';
import { RegisterScreen } from './register/register-screen';
import { keepSyncProblems } from './replication/kept-problems';

interface Props {
  readonly db: TillDatabase;
  readonly secrets: DeviceSecrets;
}

const DEVICE_NAME = 'OpenTill register';

type Pairing =
  | { readonly phase: 'loading' }
  | { readonly phase: 'unpaired'; readonly error: string | null; readonly busy: boolean }
  | { readonly phase: 'paired'; readonly device: DeviceCredentials };

export function App({ db, secrets }: Props) {
  const platform = usePlatform();
  const [pairing, setPairing] = useState<Pairing>({ phase: 'loading' });
  // Read once: the URL is cleaned right after, and StrictMode runs effects twice in development.
  const [params] = useState(() => readPairingParams(window.location.search));
  // A link whose pairing failed (server down) keeps its values in the form for another try.
  const [last, setLast] = useState({ server: params?.server ?? '', code: params?.code ?? '' });

  const pair = useCallback(
    async (server: string, code: string) => {
      setLast({ server, code });
      setPairing({ phase: 'unpaired', error: null, busy: true });
      try {
        // The desktop shell lets the page reach only the configured server: name it first.
        const settings = await platform.getSettings();
        if (!settings.ok) throw new Error(settings.error.message);
        const saved = await platform.saveSettings({
          ...settings.value,
          serverUrl: normaliseServerUrl(server),
        });
        if (!saved.ok) throw new Error(saved.error.message);
        const device = await pairDevice(server, code, DEVICE_NAME);
        await secrets.set(device);
        setPairing({ phase: 'paired', device });
      } catch (e) {
        setPairing({ phase: 'unpaired', error: (e as Error).message, busy: false });
      }
    },
    [secrets, platform],
  );

  const changeServer = useCallback(
    (server: string) => {
      void secrets.clear().then(
        () => {
          setLast({ server, code: '' });
          setPairing({ phase: 'unpaired', error: null, busy: false });
        },
        (e: unknown) => console.error('could not unpair the register', e),
      );
    },
    [secrets],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (params) window.history.replaceState(null, '', withoutPairingParams(window.location.href));
      const stored = await secrets.get();
      if (cancelled) return;
      // A pairing link for another server re-pairs; for the same server it is already done.
      if (params && stored?.serverUrl !== normaliseServerUrl(params.server)) {
        await pair(params.server, params.code);
      } else if (stored) {
        setPairing({ phase: 'paired', device: stored });
      } else {
        setPairing({ phase: 'unpaired', error: null, busy: false });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [params, secrets, pair]);

  const device = pairing.phase === 'paired' ? pairing.device : null;
  useEffect(() => {
    const kept = keepSyncProblems(db);
    return () => void kept.then((stop) => stop());
  }, [db]);
  useEffect(() => {
    if (!device) return;
    const replication = startReplication(db, {
      serverUrl: device.serverUrl,
      storeId: device.storeId,
      token: device.token,
      deviceId: device.deviceId,
    });
    return () => void replication.cancel();
  }, [db, device]);

  if (pairing.phase === 'loading') return <p className="muted loading">Starting…</p>;
  if (pairing.phase === 'unpaired') {
    return (
      <PairingScreen
        initialServer={last.server}
        initialCode={last.code}
        error={pairing.error}
        busy={pairing.busy}
        onPair={(server, code) => void pair(server, code)}
      />
    );
  }
  return <RegisterScreen db={db} device={pairing.device} onChangeServer={changeServer} />;
}
