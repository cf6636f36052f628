import { useQuery } from '@tanstack/react-query';
import { OfficeSession } from '../../domain/back-office';
import type { OfficeStore } from '../../domain/back-office';
import { OfficeApiError, officeApi } from './api';

export const SESSION_KEY = ['session'] as const;

/** Who is signed in, or null when nobody is (the server answered 401). */
export async function fetchSession(): Promise<OfficeSession | null> {
  try {
    return await officeApi('/api/office/session', OfficeSession);
  } catch (error) {
    if (error instanceof OfficeApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

/** `all`, or the id of one store the user sees. */
export type StoreChoice = string;

/** The stores a choice covers, and the one whose locale and zone the screen uses. */
export function storesFor(
  stores: readonly OfficeStore[],
  choice: StoreChoice,
): { readonly stores: readonly OfficeStore[]; readonly primary: OfficeStore | undefined } {
  const chosen = choice === 'all' ? stores : stores.filter((s) => s.id === choice);
  return { stores: chosen, primary: chosen[0] };
}

/** One store: the chosen one, or the first when all are chosen (orders are listed per store). */
export function singleStore(
  stores: readonly OfficeStore[],
  choice: StoreChoice,
): OfficeStore | undefined {
  return stores.find((s) => s.id === choice) ?? stores[0];
}
