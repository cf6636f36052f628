import { formatMoney } from '../../domain/money';
import { computeOrderTotals } from '../../domain/totals';
import { useParkedDrafts } from '../data/use-drafts';
import { useRegisterUi } from '../register/ui-store';
import { clearDraftNotice, draftFailed, resumeDraft, useDraftUi } from './draft-actions';
import { formatNumber } from '../format/store-format';
import { useRegister } from '../register/register-context';

/** This store's parked sales from every register and the back office, to resume here. */
export function ParkedSales() {
  const { db, store, device } = useRegister();
  const { deviceId } = device;
  const drafts = useParkedDrafts(db, store.id);
  const cartBusy = useRegisterUi((s) => s.cart.lines.length > 0);
  const notice = useDraftUi((s) => s.notice);
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);

  return (
    <section className="panel parked-panel" aria-labelledby="parked-heading">
      <h2 id="parked-heading">Parked sales</h2>
      {notice && (
        <p role={notice.kind} className={notice.kind === 'alert' ? 'alert' : 'muted'}>
          {notice.text}{' '}
          <button type="button" className="link" onClick={clearDraftNotice}>
            Dismiss
          </button>
        </p>
      )}
      {drafts.length === 0 && <p className="muted">No parked sales.</p>}
      {drafts.length > 0 && cartBusy && (
        <p className="muted">Finish or park the current sale to resume another.</p>
      )}
      <ul className="parked" aria-label="Parked sales">
        {drafts.map((draft) => {
          const total = computeOrderTotals({
            lines: draft.lines,
            order_discount: draft.order_discount,
            tax_inclusive: store.tax_inclusive,
          }).total;
          const items = draft.lines.reduce((n, l) => n + l.quantity, 0);
          return (
            <li key={draft.id} className="parked-sale">
              <span className="parked-label">{draft.label}</span>
              <span className="muted">
                {formatNumber(items, store)} {items === 1 ? 'item' : 'items'}
              </span>
              <span>{money(total)}</span>
              <button
                type="button"
                disabled={cartBusy}
                onClick={() =>
                  void resumeDraft(db, draft.id, deviceId).catch((e: unknown) =>
                    draftFailed('The sale was not resumed', e),
                  )
                }
              >
                Resume {draft.label}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
