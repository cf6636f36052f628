import { recordOnlyProvider } from './record-only-provider';

/*
 * A stand-alone card terminal with its own link to the acquirer: it authorized the card at the
 * counter (or stored and forwarded it itself when offline) and settles in its own batch, so the
 * server records what the terminal reported and calls nobody. The default card provider when no
 * gateway is configured; refunds are keyed on the terminal and recorded here.
 */
export const terminalProvider = recordOnlyProvider({
  id: 'terminal',
  status: 'authorized',
  initiate: ({ token }) => ({ id: token, data: { reference: token } }),
});
