import { useId, useState } from 'react';
import type { FormEvent } from 'react';

interface Props {
  readonly initialServer: string;
  readonly initialCode: string;
  readonly error: string | null;
  readonly busy: boolean;
  readonly onPair: (server: string, code: string) => void;
}

export function PairingScreen({ initialServer, initialCode, error, busy, onPair }: Props) {
  const [server, setServer] = useState(initialServer);
  const [code, setCode] = useState(initialCode);
  const serverId = useId();
  const codeId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (server.trim() && code.trim()) onPair(server, code);
  }

  return (
    <main className="pairing">
      <form className="panel pairing-form" onSubmit={submit} aria-labelledby="pair-heading">
        <h1 id="pair-heading">Pair this register</h1>
        <p className="muted">
          Enter the sync server&rsquo;s address and the one-time code from the back office.
        </p>
        <label htmlFor={serverId} className="field-label">
          Server address
        </label>
        <input
          id={serverId}
          value={server}
          autoComplete="url"
          placeholder="http://192.0.2.10:8787"
          onChange={(e) => setServer(e.target.value)}
        />
        <label htmlFor={codeId} className="field-label">
          Pairing code
        </label>
        <input
          id={codeId}
          value={code}
          autoComplete="one-time-code"
          onChange={(e) => setCode(e.target.value)}
        />
        {error && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !server.trim() || !code.trim()}>
          {busy ? 'Pairing…' : 'Pair register'}
        </button>
      </form>
    </main>
  );
}
