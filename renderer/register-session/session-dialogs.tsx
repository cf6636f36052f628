import { useRegister } from '../register/register-context';
import { CashMovementDialog } from './cash-movement-dialog';
import { CloseRegisterDialog } from './close-register-dialog';
import { ReportDialog } from './report-dialog';
import { useSessionUi } from './session-ui';

interface Props {
  readonly saleInProgress: boolean;
}

/** Mounted once on the register screen: whichever session dialog is asked for. */
export function SessionDialogs(props: Props) {
  const view = useSessionUi((s) => s.view);
  const openSessionId = useRegister().sessionId;
  if (view.kind === 'z-report') {
    return <ReportDialog kind="Z" sessionId={view.sessionId} />;
  }
  if (!openSessionId) return null;
  switch (view.kind) {
    case 'cash-movement':
      return <CashMovementDialog />;
    case 'x-report':
      return <ReportDialog kind="X" sessionId={openSessionId} />;
    case 'close':
      return <CloseRegisterDialog saleInProgress={props.saleInProgress} />;
    case 'none':
      return null;
  }
}
