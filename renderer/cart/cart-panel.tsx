import type { OrderDoc } from '../../domain/schemas';
import { formatMoney } from '../../domain/money';
import type { OrderTotals } from '../../domain/totals';
import { CartCustomer } from '../customers/cart-customer';
import { paymentStarted } from './adjustments';
import { quantityInCart } from './cart';
import { noteStock, STOCK_MARKER_TEXT, stockMarker } from '../stock/stock-notice';
import { useStockLevels } from '../stock/use-stock-levels';
import { localStock } from '../stock/local-stock';
import {
  AdjustmentEditor,
  CartRefusal,
  LineAdjustButtons,
  LineAdjustNote,
  OrderDiscountButton,
} from './cart-adjustments';
import { removeLineFromCart } from './cart-approvals';
import { QuantityInput } from './quantity-input';
import { shortId } from '../receipts/recent-sales';
import { ui, useRegisterUi } from '../register/ui-store';
import { useRegister } from '../register/register-context';

interface Props {
  readonly totals: OrderTotals;
  /** This register's unsynced sales, which the server's stock levels do not reflect yet. */
  readonly pending: readonly OrderDoc[];
}

export function CartPanel({ totals, pending }: Props) {
  const { db, store } = useRegister();
  const cart = useRegisterUi((s) => s.cart);
  const levels = useStockLevels(
    db,
    cart.lines.map((l) => l.product_id),
  );
  const available = (productId: string) =>
    localStock(productId, store.default_location_id, levels, pending);
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);
  const lineTotals = new Map(totals.lines.map((l) => [l.line_id, l.total]));

  return (
    <section className="panel cart-panel" aria-labelledby="cart-heading">
      <h2 id="cart-heading">Cart</h2>
      <CartCustomer />
      {cart.lines.length === 0 && <p className="muted">Scan or search to add products.</p>}
      <ul className="cart" aria-label="Cart">
        {cart.lines.map((line) => {
          const marker = stockMarker(
            available(line.product_id),
            quantityInCart(cart, line.product_id),
            store.settings.low_stock_threshold,
          );
          return (
            <li key={line.line_id} className="cart-line">
              <span className="cart-name">
                {line.name}
                <LineAdjustNote line={line} store={store} />
                {marker && (
                  <span className={`stock-marker ${marker}`}>{STOCK_MARKER_TEXT[marker]}</span>
                )}
              </span>
              <QuantityInput
                name={line.name}
                quantity={line.quantity}
                onChange={(q) => {
                  ui.setQuantity(line.line_id, q);
                  const inCart = quantityInCart(useRegisterUi.getState().cart, line.product_id);
                  noteStock(line.name, available(line.product_id), inCart, store);
                }}
              />
              <span className="cart-total">{money(lineTotals.get(line.line_id) ?? 0)}</span>
              <LineAdjustButtons line={line} />
              <button
                type="button"
                className="remove"
                aria-label={`Remove ${line.name}`}
                onClick={() => void removeLineFromCart(line, store)}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      <CartRefusal />
      <OrderDiscountButton store={store} />
      <AdjustmentEditor store={store} />
      <dl className="totals" aria-label="Totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{money(totals.subtotal)}</dd>
        </div>
        {totals.discount_total > 0 && (
          <div>
            <dt>Discounts</dt>
            <dd>−{money(totals.discount_total)}</dd>
          </div>
        )}
        <div>
          <dt>{store.tax_inclusive ? 'Tax (included)' : 'Tax'}</dt>
          <dd>{money(totals.tax_total)}</dd>
        </div>
        <div className="grand-total">
          <dt>Total</dt>
          <dd>{money(totals.total)}</dd>
        </div>
      </dl>
      {cart.exchange && (
        <div className="exchange" role="region" aria-label="Exchange">
          <p>
            Exchange: goods back from sale #{shortId(cart.exchange.return.order_id)} worth{' '}
            <strong>{money(cart.exchange.value)}</strong> pay toward this sale
            {cart.exchange.value > totals.total
              ? `; ${money(cart.exchange.value - totals.total)} back in cash`
              : `; ${money(totals.total - cart.exchange.value)} to pay`}
            .
          </p>
          <button
            type="button"
            className="secondary"
            disabled={paymentStarted(cart)}
            onClick={() => ui.cancelExchange()}
          >
            Cancel exchange
          </button>
        </div>
      )}
    </section>
  );
}
