import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { TillDatabase } from '../db/database';
import type { DeviceCredentials } from '../device/device-secrets';
import { cartTotals } from '../cart/sale-order';
import { ParkSale } from '../drafts/park-sale';
import { ParkedSales } from '../drafts/parked-sales';
import { useDraftWatch } from '../drafts/use-draft-watch';
import { CartPanel } from '../cart/cart-panel';
import { PaymentPanel } from '../payment/payment-panel';
import { RecentSales } from '../receipts/recent-sales';
import { usePendingOrders } from '../data/use-sales';
import { useStore, useTaxRates } from '../data/use-store';
import { SearchPanel } from '../search/search-panel';
import { StatusBar } from './status-bar';
import { RegisterProvider } from './register-context';
import { ui, useRegisterUi } from './ui-store';
import { useCartPersistence } from '../cart/use-cart-persistence';
import { useCardCancels } from '../payment/use-card-cancels';
import { ApprovalDialog } from '../staff/approval-dialog';
import { useStaffSession } from '../staff/session-store';
import { SignInScreen } from '../staff/sign-in-screen';
import { NoSaleRefusal, StaffControls } from '../staff/staff-controls';
import { useIdleLock } from '../staff/use-idle-lock';
import { ReceiptPanel } from '../receipts/receipt-panel';
import { CounterKeys } from '../shortcuts/counter-keys';
import { ShortcutsDialog } from '../shortcuts/shortcuts-dialog';
import { SyncPanel } from '../sync-details/sync-panel';
import { OpenRegisterScreen } from '../register-session/open-register-screen';
import { SessionControls } from '../register-session/session-controls';
import { SessionDialogs } from '../register-session/session-dialogs';
import { useDeviceSessions } from '../register-session/use-register-session';
import { FindSale } from '../returns/find-sale';
import { UnreceiptedReturn } from '../returns/unreceipted-return';
import { ReturnReceipt } from '../returns/return-receipt';
import { ReturnScreen } from '../returns/return-screen';
import { usePendingReturnCount } from '../returns/return-sync';
import { DrawerAlert } from '../platform/drawer-alert';
import { usePlatform } from '../platform/platform-context';
import { useSaleInProgress } from '../platform/use-sale-in-progress';
import { SettingsButton } from '../settings/settings-button';

interface Props {
  readonly db: TillDatabase;
  readonly device: DeviceCredentials;
  /** Pairs the register with another server (from the settings). */
  readonly onChangeServer: (serverUrl: string) => void;
}

export function RegisterScreen({ db, device, onChangeServer }: Props) {
  const platform = usePlatform();
  useCartPersistence(db);
  useCardCancels(db, device);
  useDraftWatch(db, device.deviceId);
  const store = useStore(db, device.storeId);
  const taxRates = useTaxRates(db);
  // The signed-in staff member sells: the order's cashier_id.
  const cashier = useStaffSession((s) => s.staff);
  useIdleLock(store?.settings.idle_lock_seconds ?? 0);
  const pending = usePendingOrders(db, device.deviceId);
  const returnsPending = usePendingReturnCount(db, device.deviceId);
  const cart = useRegisterUi((s) => s.cart);
  const cartLoaded = useRegisterUi((s) => s.cartLoaded);
  const paying = useRegisterUi((s) => s.paying);
  const lastSale = useRegisterUi((s) => s.lastSale);
  useSaleInProgress(platform, cart.lines.length > 0 || paying);
  const totals = useMemo(
    () => cartTotals(cart, taxRates, store?.tax_inclusive ?? false),
    [cart, taxRates, store?.tax_inclusive],
  );

  const sessions = useDeviceSessions(db, device.deviceId);

  const sessionId = sessions?.openId ?? null;
  const register = useMemo(
    () => (store ? { db, device, store, cashier, sessionId } : null),
    [db, device, store, cashier, sessionId],
  );

  if (!register || !store) {
    return <p className="muted loading">Waiting for the store&rsquo;s settings from the server…</p>;
  }
  const provide = (screen: ReactNode) => (
    <RegisterProvider value={register}>{screen}</RegisterProvider>
  );
  if (!cashier) return provide(<SignInScreen />);
  if (!sessions) return <p className="muted loading">Starting…</p>;
  const sessionDialogs = <SessionDialogs saleInProgress={cart.lines.length > 0} />;
  if (!sessions.openId) {
    return provide(
      <>
        <OpenRegisterScreen lastClosedId={sessions.lastClosedId} />
        {sessionDialogs}
      </>,
    );
  }

  return provide(
    <div className="register">
      <CounterKeys pending={pending} />
      <header className="top-bar">
        <h1>{store.name}</h1>
        <StaffControls />
        <SessionControls />
        <SettingsButton
          role={cashier.role}
          serverUrl={device.serverUrl}
          pendingUploads={pending.length + returnsPending}
          onChangeServer={onChangeServer}
        />
        <StatusBar pendingUploads={pending.length + returnsPending} />
      </header>
      <NoSaleRefusal />
      <main className="columns">
        <div className="column">
          <SearchPanel pending={pending} />
          <FindSale />
          <UnreceiptedReturn />
        </div>
        <div className="column">
          <DrawerAlert />
          {lastSale && (
            <p role="status" className="sale-complete">
              {lastSale}
            </p>
          )}
          <ReceiptPanel />
          <ReturnReceipt />
          {cartLoaded && <CartPanel totals={totals} pending={pending} />}
          {paying ? (
            <PaymentPanel taxRates={taxRates} total={totals.total} />
          ) : (
            <>
              <div className="pay-actions">
                <button
                  type="button"
                  className="primary pay"
                  disabled={cart.lines.length === 0}
                  onClick={() => ui.openPayment()}
                >
                  Pay
                </button>
                {/* The same panel with cash first: what a cashier taking cash reaches for. */}
                <button
                  type="button"
                  className="pay"
                  disabled={cart.lines.length === 0}
                  onClick={() => ui.openPayment()}
                >
                  Pay cash
                </button>
              </div>
              <ParkSale taxRates={taxRates} />
            </>
          )}
          <ParkedSales />
          <RecentSales />
        </div>
      </main>
      <ReturnScreen />
      <ApprovalDialog />
      <SyncPanel pendingUploads={pending.length + returnsPending} />
      {sessionDialogs}
      <ShortcutsDialog />
    </div>,
  );
}
