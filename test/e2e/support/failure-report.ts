import type { Browser, Page } from 'playwright-core';

/*
 * What a failed end-to-end test leaves behind: each register's screen as its accessibility tree
 * and the errors its page logged. CI keeps only the console, so this is what a flake there can
 * be diagnosed from.
 */

const logs = new WeakMap<Page, string[]>();
const KEPT = 40;

/** Records a page's console errors and uncaught exceptions, for the report on failure. */
export function recordPageErrors(page: Page): void {
  const lines: string[] = [];
  logs.set(page, lines);
  const keep = (line: string) => {
    lines.push(`${new Date().toISOString()} ${line}`);
    if (lines.length > KEPT) lines.shift();
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') keep(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => keep(`uncaught: ${error.stack ?? error.message}`));
}

async function screenOf(page: Page): Promise<string> {
  try {
    return await page.locator('body').ariaSnapshot({ timeout: 5_000 });
  } catch (e) {
    return `(no snapshot: ${(e as Error).message})`;
  }
}

/** Every open register's screen and logged errors, as one block of text. */
export async function failureReport(browser: Browser): Promise<string> {
  const parts: string[] = [];
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      n += 1;
      parts.push(`--- register ${n}: ${page.url()}`);
      parts.push(await screenOf(page));
      const errors = logs.get(page) ?? [];
      if (errors.length > 0) parts.push('errors:', ...errors);
    }
  }
  return parts.join('\n');
}
