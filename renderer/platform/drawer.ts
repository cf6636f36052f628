import type { Platform } from './platform';
import { screenStore } from '../ui/screen-store';

/**
 * Opens the cash drawer after a cash sale. A register without one (a browser, or none set up)
 * says nothing at the sale; a drawer that is set up but did not open is worth an alert, since
 * the cashier is waiting for it to pop.
 */
export async function openDrawerForSale(platform: Pick<Platform, 'kickDrawer'>): Promise<void> {
  const kicked = await platform.kickDrawer();
  if (!kicked.ok && kicked.error.code !== 'NOT_SUPPORTED') {
    screenStore.setState({ drawerAlert: `The cash drawer did not open: ${kicked.error.message}` });
  }
}

/** The approved no-sale's own line: the drawer opened, or why it did not. */
export async function openDrawerForNoSale(platform: Platform): Promise<string> {
  const kicked = await platform.kickDrawer();
  if (kicked.ok) return 'No sale recorded: drawer opened.';
  if (kicked.error.code === 'NOT_SUPPORTED') {
    return `No sale recorded. ${kicked.error.message}; open the drawer with its key.`;
  }
  return `No sale recorded, but the drawer did not open: ${kicked.error.message}`;
}
