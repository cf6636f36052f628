import { usePrint } from '../platform/use-print';
import { useActiveStaff } from '../staff/use-staff';
import { SessionReportView } from './session-report-view';
import { sessionUi } from './session-ui';
import { useSessionReport } from './use-register-session';
import { useRegister } from '../register/register-context';

interface Props {
  readonly kind: 'X' | 'Z';
  readonly sessionId: string;
}

/** The X report mid-shift or the Z report after close, on screen and printable. */
export function ReportDialog({ kind, sessionId }: Props) {
  const { db, store } = useRegister();
  const { report, server } = useSessionReport(db, sessionId);
  const staff = useActiveStaff(db);
  const printing = usePrint();
  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={kind === 'X' ? 'X report' : 'Z report'}
        className="panel dialog wide"
        onKeyDown={(e) => {
          if (e.key === 'Escape') sessionUi.close();
        }}
      >
        {report ? (
          <SessionReportView
            kind={kind}
            store={store}
            report={report}
            server={server}
            staff={staff}
          />
        ) : (
          <p className="muted">Reading the session…</p>
        )}
        {printing.error && (
          <p role="alert" className="alert">
            {printing.error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => printing.print(null)}>
            Print
          </button>
          <button type="button" className="primary" autoFocus onClick={() => sessionUi.close()}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
