import type { BrowserContext, Page } from 'playwright-core';

/*
 * Latency measured inside the page, on the page's own clock: from the input event's timestamp
 * (the first keydown of a burst, or the click on a named button) to the first frame painted
 * after the screen shows the outcome. A MutationObserver notices the outcome; the time is read
 * in a message posted from requestAnimationFrame, which runs once that frame has been painted.
 * Both ends are read in the page, so the round trips of driving it over CDP stay outside the
 * figures, but for the gaps between the keys of one burst (see scannerBurst).
 */

/** The outcome that stops the clock. */
export type ProbeEnd =
  /** One more line in the cart. */
  | { readonly kind: 'cart-line' }
  /** The search box holds `query` and the results list shows that query's results. */
  | { readonly kind: 'results'; readonly query: string }
  /** The "Sale complete" status. */
  | { readonly kind: 'sale-complete' }
  /** The register screen with its search box and cart: a scan would be taken. */
  | { readonly kind: 'ready-to-scan' };

export interface ProbeSpec {
  readonly start:
    { readonly kind: 'keydown' } | { readonly kind: 'click'; readonly button: string };
  readonly end: ProbeEnd;
}

/** Milliseconds to the outcome painted, from the first and from the last start event. */
export interface ProbeResult {
  readonly fromFirstMs: number;
  /** From the last keydown (a scan's Enter); the same as fromFirstMs for a click or one key. */
  readonly fromLastMs: number;
}

interface BenchProbe {
  arm(spec: ProbeSpec): void;
  /** The outcome of the last armed spec. */
  result(): Promise<ProbeResult>;
  /** Milliseconds from this document's navigation start to the sign-in screen painted. */
  readonly signInScreenPainted: Promise<number>;
}

declare global {
  interface Window {
    __benchProbe?: BenchProbe;
  }
}

/** Runs in the page at document start (an init script): keep it self-contained. */
function installProbe(): void {
  const afterPaint = (): Promise<number> =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });

  /** Resolves with the time of the first frame painted after `shown()` holds. */
  const whenShown = (shown: () => boolean): Promise<number> =>
    new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!shown()) return;
        observer.disconnect();
        void afterPaint().then(resolve);
      });
      observer.observe(document, {
        childList: true,
        subtree: true,
        attributes: true,
        characterData: true,
      });
    });

  const cartLines = () => document.querySelector('ul[aria-label="Cart"]')?.children.length ?? -1;
  const searchBox = () => document.querySelector<HTMLInputElement>('input[type="search"]');

  const outcome = (end: ProbeEnd): (() => boolean) => {
    switch (end.kind) {
      case 'cart-line': {
        const before = cartLines();
        return () => cartLines() > before;
      }
      case 'results':
        return () =>
          searchBox()?.value === end.query &&
          document.querySelector('ul[aria-label="Search results"]')?.getAttribute('aria-busy') ===
            'false';
      case 'sale-complete':
        return () =>
          document.querySelector('.sale-complete')?.textContent?.startsWith('Sale complete') ===
          true;
      case 'ready-to-scan':
        return () => searchBox() !== null && cartLines() >= 0;
    }
  };

  let pending: Promise<ProbeResult> = Promise.reject(new Error('no probe armed'));
  pending.catch(() => undefined);

  window.__benchProbe = {
    signInScreenPainted: whenShown(() =>
      [...document.querySelectorAll('h1')].some((h) => h.textContent === 'Sign in'),
    ),
    arm(spec) {
      const type = spec.start.kind;
      let first = Number.NaN;
      let last = Number.NaN;
      const listener = (event: Event) => {
        if (spec.start.kind === 'click') {
          const button = (event.target as Element | null)?.closest('button');
          if (button?.textContent?.trim() !== spec.start.button) return;
        }
        if (Number.isNaN(first)) first = event.timeStamp;
        last = event.timeStamp;
      };
      window.addEventListener(type, listener, { capture: true });
      const ended = whenShown(outcome(spec.end)).then((end) => {
        window.removeEventListener(type, listener, { capture: true });
        if (Number.isNaN(first)) throw new Error(`the outcome came before any ${type}`);
        return { fromFirstMs: end - first, fromLastMs: end - last };
      });
      // A minute: the outcome never came, and the bench should say so rather than hang.
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`probe timed out: ${JSON.stringify(spec)}`)), 60_000),
      );
      pending = Promise.race([ended, timeout]);
      pending.catch(() => undefined);
    },
    result: () => pending,
  };
}

/**
 * Installs the probe in every document the context loads from now on. tsx compiles with
 * keepNames, which wraps inner functions in a `__name` helper the page lacks: the script brings
 * a stand-in.
 */
export async function installPaintProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `globalThis.__name ??= (f) => f; (${installProbe.toString()})();`,
  });
}

/** Arms the probe, performs `act` (the input), and returns the measured latency. */
export async function measure(
  page: Page,
  spec: ProbeSpec,
  act: () => Promise<void>,
): Promise<ProbeResult> {
  await page.evaluate((s) => window.__benchProbe?.arm(s), spec);
  await act();
  return page.evaluate(async () => {
    const probe = window.__benchProbe;
    if (!probe) throw new Error('the paint probe is not installed in this page');
    return probe.result();
  });
}

/** Navigation start to the sign-in screen painted, for the page's current document. */
export function signInScreenPainted(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const probe = window.__benchProbe;
    if (!probe) throw new Error('the paint probe is not installed in this page');
    return probe.signInScreenPainted;
  });
}
