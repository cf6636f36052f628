import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { OfficeSession } from '../../../domain/back-office';
import { OfficeApiError, officeApi } from '../api';
import { SESSION_KEY } from '../session';

const route = getRouteApi('/sign-in');

export function SignInPage() {
  const { next } = route.useSearch();
  const router = useRouter();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await officeApi('/api/office/session', OfficeSession, {
        method: 'POST',
        body: { email, password },
      });
      client.setQueryData(SESSION_KEY, session);
      if (next) router.history.push(next);
      else await router.navigate({ to: '/' });
    } catch (e) {
      setError(e instanceof OfficeApiError ? e.message : 'The server could not be reached.');
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="panel sign-in-form" onSubmit={(e) => void submit(e)}>
        <h1>OpenTill Back Office</h1>
        <p className="muted">Sign in with your back-office account.</p>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
