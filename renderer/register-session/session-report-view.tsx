import { canonicalJson } from '../../domain/canonical-json';
import { formatMoney } from '../../domain/money';
import type { SessionReport } from '../../domain/register-session';
import type { RegisterSessionDoc, StaffDoc, StoreDoc } from '../../domain/schemas';
import { formatDateTime, formatNumber } from '../format/store-format';

interface Props {
  readonly kind: 'X' | 'Z';
  readonly store: StoreDoc;
  readonly report: SessionReport;
  readonly server: RegisterSessionDoc | null;
  readonly staff: readonly StaffDoc[];
}

const TENDER_NAMES = { cash: 'Cash', card: 'Card', exchange: 'Exchange credit' } as const;

/** An X or Z report as printed: the same figures the server keeps for the session. */
export function SessionReportView({ kind, store, report, server, staff }: Props) {
  const money = (amount: number) => formatMoney(amount, report.currency, store.locale);
  const who = (id: string | null) => staff.find((s) => s.id === id)?.name ?? id ?? '';
  const when = (iso: string | null) => (iso ? formatDateTime(iso, store) : '');
  const count = (n: number) => formatNumber(n, store);
  const s = report.summary;
  const title =
    kind === 'X'
      ? 'X report'
      : server?.z_number
        ? `Z report #${server.z_number}`
        : 'Z report (number assigned when this register syncs)';
  const serverNote = !server
    ? 'Not yet on the server.'
    : canonicalJson(server.summary) === canonicalJson(s) &&
        server.counted_cash === report.counted_cash
      ? "Matches the server's record."
      : 'The server has not received all of this session yet.';

  const row = (label: string, value: string, testId?: string) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td data-figure={testId}>{value}</td>
    </tr>
  );
  return (
    <article className="session-report" aria-label={title}>
      <h3>{title}</h3>
      <p className="muted">
        {store.name} · opened by {who(report.opened_by)} {when(report.opened_at)}
        {report.closed_at && ` · closed by ${who(report.closed_by)} ${when(report.closed_at)}`}
      </p>
      <table>
        <tbody>
          {row('Sales', count(s.sale_count), 'sale_count')}
          {row('Gross sales', money(s.gross_sales), 'gross_sales')}
          {row('Discounts', money(s.discount_total), 'discount_total')}
          {s.taxes.map((t) => row(`Tax ${t.code}`, money(t.amount)))}
          {row('Tax', money(s.tax_total), 'tax_total')}
          {row('Net sales', money(s.net_sales), 'net_sales')}
          {s.tenders.map((t) =>
            row(
              `${TENDER_NAMES[t.method]}${t.offline ? ' (offline, to authorize)' : ''} × ${count(t.count)}`,
              money(t.amount),
              `tender_${t.method}${t.offline ? '_offline' : ''}`,
            ),
          )}
          {row(`Refunds × ${count(s.refund_count)}`, money(s.refund_total), 'refund_total')}
          {row('Refunded in cash', money(s.cash_refund_total), 'cash_refund_total')}
          {row('Voided lines', count(s.void_count), 'void_count')}
          {row('No sales', count(s.no_sale_count), 'no_sale_count')}
          {row('Opening float', money(s.opening_float), 'opening_float')}
          {row(`Paid in × ${count(s.paid_in_count)}`, money(s.paid_in_total), 'paid_in_total')}
          {row(`Paid out × ${count(s.paid_out_count)}`, money(s.paid_out_total), 'paid_out_total')}
          {row('Expected in drawer', money(s.expected_cash), 'expected_cash')}
          {report.counted_cash !== null && row('Counted', money(report.counted_cash), 'counted')}
          {report.over_short !== null &&
            row(
              report.over_short < 0 ? 'Short' : 'Over',
              money(Math.abs(report.over_short)),
              'over_short',
            )}
        </tbody>
      </table>
      <p className="muted" role="status" aria-label="Server record">
        {serverNote}
      </p>
    </article>
  );
}
