import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, Navigate, Outlet, useRouter } from '@tanstack/react-router';
import { createContext, useContext } from 'react';
import type { OfficeSession, OfficeStore } from '../../../domain/back-office';
import { officeApi } from '../api';
import { useLiveUpdates } from '../live-updates';
import { SESSION_KEY, useSession } from '../session';

const route = getRouteApi('/app');

export interface OfficeContext {
  readonly session: OfficeSession;
  /** `all` or one store's id. */
  readonly storeChoice: string;
}

const Context = createContext<OfficeContext | null>(null);

/** The signed-in session and the chosen store, for the screens inside the layout. */
export function useOffice(): OfficeContext {
  const value = useContext(Context);
  if (!value) throw new Error('useOffice outside the back-office layout');
  return value;
}

function defaultChoice(stores: readonly OfficeStore[]): string {
  return stores.length === 1 && stores[0] ? stores[0].id : 'all';
}

export function OfficeLayout() {
  const session = useSession();
  const { store } = route.useSearch();
  const navigate = route.useNavigate();
  const router = useRouter();
  const client = useQueryClient();
  const stores = session.data?.stores ?? [];
  const choice =
    store && (store === 'all' || stores.some((s) => s.id === store))
      ? store
      : defaultChoice(stores);
  const live = useLiveUpdates(session.data ? choice : null);

  if (session.isPending) return <p className="loading">Loading…</p>;
  if (session.isError) {
    return (
      <p className="error" role="alert">
        The server could not be reached: {session.error.message}
      </p>
    );
  }
  if (!session.data) {
    return (
      <Navigate
        to="/sign-in"
        search={{ next: `${window.location.pathname}${window.location.search}` }}
      />
    );
  }

  const signOut = async () => {
    await officeApi('/api/office/session', null, { method: 'DELETE' }).catch(() => undefined);
    client.clear();
    client.setQueryData(SESSION_KEY, null);
    await router.navigate({ to: '/sign-in' });
  };

  return (
    <Context.Provider value={{ session: session.data, storeChoice: choice }}>
      <header className="office-header">
        <span className="brand">OpenTill Back Office</span>
        <nav aria-label="Back office">
          <Link to="/" activeOptions={{ exact: true, includeSearch: false }}>
            Dashboard
          </Link>
          <Link to="/orders" activeOptions={{ includeSearch: false }}>
            Orders
          </Link>
        </nav>
        <label className="store-picker">
          Store
          <select
            value={choice}
            onChange={(e) =>
              void navigate({ search: (prev) => ({ ...prev, store: e.target.value }) })
            }
          >
            {stores.length > 1 && <option value="all">All stores</option>}
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <span className={live ? 'live on' : 'live'} aria-live="polite">
          {live ? 'Live' : 'Reconnecting…'}
        </span>
        <span className="who">
          {session.data.user.name} ({session.data.user.role})
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main className="office-main">
        <Outlet />
      </main>
    </Context.Provider>
  );
}
