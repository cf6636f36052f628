import type { StaffDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { CashMovementDialog } from './cash-movement-dialog';
import { CloseRegisterDialog } from './close-register-dialog';
import { ReportDialog } from './report-dialog';
import { useSessionUi } from './session-ui';

interface Props {
  readonly db: TillDatabase;
  readonly store: StoreDoc;
  readonly deviceId: string;
  readonly staff: StaffDoc;
  readonly openSessionId: string | null;
  readonly saleInProgress: boolean;
}

/** Mounted once on the register screen: whichever session dialog is asked for. */
export function SessionDialogs(props: Props) {
  const view = useSessionUi((s) => s.view);
  const { db, store, deviceId, staff, openSessionId } = props;
  if (view.kind === 'z-report') {
    return <ReportDialog db={db} store={store} kind="Z" sessionId={view.sessionId} />;
  }
  if (!openSessionId) return null;
  switch (view.kind) {
    case 'cash-movement':
      return (
        <CashMovementDialog
          db={db}
          store={store}
          deviceId={deviceId}
          sessionId={openSessionId}
          staff={staff}
        />
      );
    case 'x-report':
      return <ReportDialog db={db} store={store} kind="X" sessionId={openSessionId} />;
    case 'close':
      return (
        <CloseRegisterDialog
          db={db}
          store={store}
          deviceId={deviceId}
          sessionId={openSessionId}
          staff={staff}
          saleInProgress={props.saleInProgress}
        />
      );
    case 'none':
      return null;
  }
}
