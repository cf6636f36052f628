import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORE_ID } from '../../sync-server/seed/demo-constants';
import { signIn } from './support/cashier';
import { useRegisterRig } from './support/rig';
import { pairedRegister } from './support/register';

const SEEDED = 5;

/** Hands the register over to another staff member at the sign-in screen. */
async function switchTo(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Switch cashier', exact: true }).click();
  await signIn(page, name, pin);
}

describe('register settings in a browser', () => {
  const rig = useRegisterRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  let page: Page;

  beforeAll(async () => {
    page = await pairedRegister(rig.browser, rig.host, rig.server, DEMO_STORE_ID, SEEDED);
    await signIn(page, 'Casey', '1234');
  });

  it('are for managers: a cashier has no Settings button', async () => {
    await page.getByLabel('Search products').waitFor();
    expect(await page.getByRole('button', { name: 'Settings', exact: true }).count()).toBe(0);
    await switchTo(page, 'Morgan', '9999');
    await page.getByRole('button', { name: 'Settings', exact: true }).waitFor();
  });

  it('keep the printer and drawer chosen, after a reload too, driven from the keyboard', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Register settings' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Sync server address').inputValue()).toBe(rig.server.url);

    await dialog.getByLabel('Receipt printer', { exact: true }).selectOption({
      label: 'ESC/POS printer on the network',
    });
    await dialog.getByLabel('Printer address (host:port)').fill('192.168.1.50');
    await dialog.getByLabel('Open the cash drawer through the receipt printer').check();
    await dialog.getByLabel('Drawer pin').selectOption('5');
    // Enter in a field submits the form, as everywhere on the register.
    await dialog.getByLabel('Printer address (host:port)').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await page.reload();
    await signIn(page, 'Morgan', '9999');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('Printer address (host:port)').inputValue()).toBe(
      '192.168.1.50:9100',
    );
    expect(await dialog.getByLabel('Drawer pin').inputValue()).toBe('5');
    expect(
      await dialog.getByLabel('Open the cash drawer through the receipt printer').isChecked(),
    ).toBe(true);
  });

  it('say plainly that a test page and a drawer need the desktop app', async () => {
    const dialog = page.getByRole('dialog', { name: 'Register settings' });
    await dialog.getByRole('button', { name: 'Print test page' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'Test pages need the desktop app' })
      .waitFor();
    await dialog.getByLabel('Printer address (host:port)').fill('');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Enter the printer’s address' }).waitFor();
    await dialog.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'No sale', exact: true }).click();
    // A signed-in manager approves their own no sale.
    await page
      .getByRole('status', { name: 'No sale' })
      .filter({ hasText: 'a browser register cannot open one' })
      .waitFor();
  });
});
