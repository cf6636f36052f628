import { create } from 'zustand';

/** Which register-session dialog is showing; throwaway screen state. */
export type SessionView =
  | { readonly kind: 'none' }
  | { readonly kind: 'cash-movement' }
  | { readonly kind: 'x-report' }
  | { readonly kind: 'close' }
  | { readonly kind: 'z-report'; readonly sessionId: string };

export const useSessionUi = create<{ view: SessionView }>()(() => ({ view: { kind: 'none' } }));

export const sessionUi = {
  show(view: SessionView) {
    useSessionUi.setState({ view });
  },
  close() {
    useSessionUi.setState({ view: { kind: 'none' } });
  },
};
