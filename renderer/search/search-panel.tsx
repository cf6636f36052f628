import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { OrderDoc, ProductDoc } from '../../domain/schemas';
import { formatMoney } from '../../domain/money';
import { searchProducts, warmProductSearch } from '../db/product-search';
import { createScanDetector } from '../scanner/scan-detector';
import { lookUpCode } from '../scanner/scan-lookup';
import { quantityInCart } from '../cart/cart';
import { formatNumber } from '../format/store-format';
import { noteStock, STOCK_MARKER_TEXT, stockMarker } from '../stock/stock-notice';
import { useStockLevels } from '../stock/use-stock-levels';
import { localStock } from '../stock/local-stock';
import { ui, useRegisterUi } from '../register/ui-store';
import { useStore as useZustand } from 'zustand';
import { useRegister } from '../register/register-context';
import { screenStore } from '../ui/screen-store';

interface Props {
  readonly pending: readonly OrderDoc[];
}

export function SearchPanel({ pending }: Props) {
  const { db, store } = useRegister();
  const query = useRegisterUi((s) => s.query);
  const alert = useRegisterUi((s) => s.alert);
  const unknownScan = useZustand(screenStore, (s) => s.unknownScan);
  const stockNotice = useZustand(screenStore, (s) => s.stockNotice);
  const [results, setResults] = useState<{ query: string; products: readonly ProductDoc[] }>({
    query: '',
    products: [],
  });
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [scans] = useState(createScanDetector);

  // The word index is read from the catalog once, in the background, before the first search.
  useEffect(() => {
    void warmProductSearch(db);
  }, [db]);

  useEffect(() => {
    let current = true;
    if (query.trim() === '') return;
    // Searched at the next frame, not at every key: a scanner's burst lands within a frame or
    // two, and a search per partial code would queue reads ahead of the scan's own lookup.
    const frame = requestAnimationFrame(() => {
      void searchProducts(db, query).then((products) => {
        // A slower search for an older keystroke must not replace the newer one's results.
        if (current) setResults({ query, products });
      });
    });
    return () => {
      current = false;
      cancelAnimationFrame(frame);
    };
  }, [db, query]);
  const searching = query.trim() !== '' && results.query !== query;
  const shown = useMemo(
    () => (results.query === query && query.trim() !== '' ? results.products : []),
    [results, query],
  );

  const levels = useStockLevels(
    db,
    shown.map((p) => p.id),
  );

  // Scanners type the code and press Enter faster than a search can finish, so the code is read
  // from the field itself and looked up directly. A scan into a field that already held text
  // (a half-typed name, a code no product has) is tried as the scanned burst alone too.
  async function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const verdict = scans.key(event.key, event.timeStamp);
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const field = event.currentTarget.value.trim();
    const codes = [field, ...(verdict.kind === 'scan' ? [verdict.code] : [])].filter(Boolean);
    if (codes.length === 0) return;
    const found = await lookUpCode({ db, store, pending }, codes, false);
    input.current?.focus();
    // The next scan or search replaces a code nothing matched instead of being appended to it.
    if (found === 'unknown') input.current?.select();
  }

  return (
    <section className="panel search-panel" aria-label="Products">
      <label htmlFor={inputId} className="field-label">
        Search products
      </label>
      <input
        id={inputId}
        ref={input}
        className="search-input"
        type="search"
        autoComplete="off"
        autoFocus
        placeholder="Scan a barcode or type a name"
        value={query}
        onChange={(e) => ui.setQuery(e.target.value)}
        onKeyDown={(e) => void onKeyDown(e)}
      />
      {alert && (
        <p role="alert" className="alert">
          {alert}
        </p>
      )}
      {alert && unknownScan && (
        <button
          type="button"
          className="search-for"
          onClick={() => {
            ui.setQuery(unknownScan);
            screenStore.setState({ unknownScan: null });
            input.current?.focus();
          }}
        >
          Search for {unknownScan}
        </button>
      )}
      {stockNotice && (
        <p role="status" className="stock-notice">
          {stockNotice}
        </p>
      )}
      {/* Busy until the typed text's own results are in, so assistive tech waits for them. */}
      <ul className="results" aria-label="Search results" aria-busy={searching}>
        {shown.map((p) => {
          const stock = store ? localStock(p.id, store.default_location_id, levels, pending) : null;
          const marker = store ? stockMarker(stock, 0, store.settings.low_stock_threshold) : null;
          const price = store ? formatMoney(p.unit_price, p.currency, store.locale) : '';
          const stockText =
            stock === null || !store ? 'Stock unknown' : `In stock: ${formatNumber(stock, store)}`;
          // The visible stock count and marker belong in the name screen readers announce.
          const label = [`Add ${p.name}`, price, stockText, marker && STOCK_MARKER_TEXT[marker]];
          return (
            <li key={p.id}>
              <button
                type="button"
                className="result"
                aria-label={label.filter(Boolean).join(', ')}
                onClick={() => {
                  ui.add(p);
                  if (!store) return;
                  const inCart = quantityInCart(useRegisterUi.getState().cart, p.id);
                  noteStock(p.name, stock, inCart, store);
                }}
              >
                <span className="result-name">{p.name}</span>
                <span className="result-price">{price}</span>
                <span className="result-stock">{stockText}</span>
                {marker && (
                  <span className={`stock-marker ${marker}`}>{STOCK_MARKER_TEXT[marker]}</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      {query.trim() !== '' && results.query === query && shown.length === 0 && (
        <p className="muted">No matching products.</p>
      )}
    </section>
  );
}
