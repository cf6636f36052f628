import type { CDPSession, Page } from 'playwright-core';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { CASHIER_PIN } from '../../sync-server/demo/demo-constants';
import { signIn } from '../e2e/support/cashier';
import { latency, type Latency } from './latency';
import { measure, signInScreenPainted } from './paint-probe';

export interface RegisterFigures {
  /** Products in the register's local database while these were measured. */
  readonly products: number;
  /** Reload of a synced register to its sign-in screen painted. */
  readonly coldStartToSignIn: Latency;
  /** Pressing "Sign in" (PIN typed) to the register screen painted, ready to take a scan. */
  readonly signInToReady: Latency;
  /** The two above added per reload: cold start to ready-to-scan, less the time typing a PIN. */
  readonly coldStartToReady: Latency;
  /** First key of a scanner burst in the search box to the new cart line painted. */
  readonly scanToLine: Latency;
  /** The scan's last key (Enter) to the cart line painted. */
  readonly scanEnterToLine: Latency;
  /** One character typed in the search box to that prefix's results painted. */
  readonly searchAsYouType: Latency;
  /** Pressing "Complete sale" on a cash sale to "Sale complete" painted. */
  readonly saleCompletion: Latency;
}

export interface RegisterBenchOptions {
  readonly scans: number;
  readonly reloads: number;
}

const CASHIER = 'Casey';
const LINES_PER_SALE = 5;
const TENDERED = '1000.00';
/** Words product names start with (four letters or more); the cashier types the first four. */
const SEARCH_WORDS = [
  'organic',
  'classic',
  'premium',
  'value',
  'fresh',
  'zesty',
  'gourmet',
  'everyday',
  'select',
  'homestyle',
  'apple',
  'sparkling',
  'dark',
  'paper',
  'toothpaste',
  'light',
];

/** Distinct product numbers in 1…max, the same every run (Park–Miller, not Math.random). */
function pickProducts(max: number, count: number): number[] {
  const picked = new Set<number>();
  let state = 20_240_601;
  while (picked.size < Math.min(count, max)) {
    state = (state * 48_271) % 2_147_483_647;
    picked.add(1 + (state % max));
  }
  return [...picked];
}

/**
 * A keyboard-wedge scanner's burst: every key of the code, then Enter, sent over CDP without
 * waiting for each to be handled, so they arrive as fast as the browser takes them (a hardware
 * scanner sends a key every few milliseconds). Awaiting each key, as page.keyboard.type does,
 * would add a round trip per key to the figure. Demo barcodes are EAN-13: digits only.
 */
async function scannerBurst(cdp: CDPSession, code: string): Promise<void> {
  if (!/^\d+$/.test(code)) throw new Error(`not a digits-only barcode: ${code}`);
  const keys = [...code].map((digit) => ({
    key: digit,
    code: `Digit${digit}`,
    text: digit,
    windowsVirtualKeyCode: digit.charCodeAt(0),
  }));
  keys.push({ key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 });
  await Promise.all(
    keys.flatMap(({ text, ...key }) => [
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text, unmodifiedText: text }),
      cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key }),
    ]),
  );
}

async function completeCashSale(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Pay cash' }).click();
  await page.getByLabel('Amount tendered').fill(TENDERED);
  const complete = page.getByRole('button', { name: 'Complete sale' });
  const { fromFirstMs } = await measure(
    page,
    { start: { kind: 'click', button: 'Complete sale' }, end: { kind: 'sale-complete' } },
    () => complete.click(),
  );
  return fromFirstMs;
}

/**
 * Register figures on a register that already holds the catalog and has its paint probe
 * installed (paint-probe.ts), as a cashier meets them: scans rung up into sales of five lines,
 * each completed in cash; names typed into the search box; then reloads of the page.
 */
export async function benchRegister(
  page: Page,
  products: number,
  options: RegisterBenchOptions,
): Promise<RegisterFigures> {
  await signIn(page, CASHIER, CASHIER_PIN);
  const search = page.getByLabel('Search products');

  const cdp = await page.context().newCDPSession(page);
  const scanFirst: number[] = [];
  const scanEnter: number[] = [];
  const sales: number[] = [];
  const picks = pickProducts(products, options.scans);
  for (const [i, n] of picks.entries()) {
    await search.focus();
    const result = await measure(
      page,
      { start: { kind: 'keydown' }, end: { kind: 'cart-line' } },
      () => scannerBurst(cdp, demoProduct(n).barcode),
    );
    scanFirst.push(result.fromFirstMs);
    scanEnter.push(result.fromLastMs);
    if ((i + 1) % LINES_PER_SALE === 0 || i === picks.length - 1) {
      sales.push(await completeCashSale(page));
    }
  }

  const searches: number[] = [];
  for (const word of SEARCH_WORDS) {
    await search.fill('');
    for (let length = 1; length <= 4; length++) {
      const result = await measure(
        page,
        { start: { kind: 'keydown' }, end: { kind: 'results', query: word.slice(0, length) } },
        () => page.keyboard.type(word.charAt(length - 1)),
      );
      searches.push(result.fromFirstMs);
    }
  }
  await search.fill('');

  const toSignIn: number[] = [];
  const toReady: number[] = [];
  for (let i = 0; i < options.reloads; i++) {
    await page.reload();
    toSignIn.push(await signInScreenPainted(page));
    const { fromFirstMs } = await measure(
      page,
      { start: { kind: 'click', button: 'Sign in' }, end: { kind: 'ready-to-scan' } },
      () => signIn(page, CASHIER, CASHIER_PIN),
    );
    toReady.push(fromFirstMs);
  }

  return {
    products,
    coldStartToSignIn: latency(toSignIn),
    signInToReady: latency(toReady),
    coldStartToReady: latency(toSignIn.map((ms, i) => ms + (toReady[i] ?? Number.NaN))),
    scanToLine: latency(scanFirst),
    scanEnterToLine: latency(scanEnter),
    searchAsYouType: latency(searches),
    saleCompletion: latency(sales),
  };
}
