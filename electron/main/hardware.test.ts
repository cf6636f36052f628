import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEVICE_SETTINGS } from '../../domain/device-settings';
import type { DeviceSettings } from '../../domain/device-settings';
import { BLANK_RECEIPT } from '../preload/contract-fixtures';
import { createHardware } from './hardware';
import type { EscPosPrinter } from './escpos/transport';

const network: EscPosPrinter = { kind: 'escpos-network', host: '10.0.0.9', port: 9100 };

function rig(settings: Partial<DeviceSettings>) {
  const jobs: { printer: EscPosPrinter; bytes: number[] }[] = [];
  const printSystemTestPage = vi.fn(async () => ({ ok: true as const, value: null }));
  const hardware = createHardware({
    settings: () => ({ ...DEFAULT_DEVICE_SETTINGS, ...settings }),
    send: async (printer, bytes) => {
      jobs.push({ printer, bytes: [...bytes] });
      return { ok: true, value: null };
    },
    printSystemTestPage,
    now: () => new Date('2025-05-01T09:30:00Z'),
  });
  return { hardware, jobs, printSystemTestPage };
}

describe('cash drawer', () => {
  it('opens with the ESC p pulse on the pin it is wired to, through the receipt printer', async () => {
    const { hardware, jobs } = rig({ printer: network, drawer: { enabled: true, pin: 5 } });
    expect(await hardware.kickDrawer()).toEqual({ ok: true, value: null });
    expect(jobs).toEqual([{ printer: network, bytes: [0x1b, 0x70, 0x01, 0x19, 0xfa] }]);
  });

  it('says there is no drawer when it is off in the settings, and sends nothing', async () => {
    const { hardware, jobs } = rig({ printer: network, drawer: { enabled: false, pin: 2 } });
    const kicked = await hardware.kickDrawer();
    expect(kicked.ok ? null : kicked.error).toEqual({
      code: 'NOT_SUPPORTED',
      message: 'No cash drawer is set up on this register',
    });
    expect(jobs).toEqual([]);
  });

  it('needs an ESC/POS printer to open through', async () => {
    const { hardware } = rig({
      printer: { kind: 'system', deviceName: 'Office' },
      drawer: { enabled: true, pin: 2 },
    });
    const kicked = await hardware.kickDrawer();
    expect(kicked.ok ? null : kicked.error.code).toBe('NOT_SUPPORTED');
  });
});

describe('test page', () => {
  it('goes to the printer being set up, before it is saved', async () => {
    const { hardware, jobs } = rig({ printer: { kind: 'dialog' } });
    await hardware.printTestPage({ kind: 'escpos-device', path: '/dev/usb/lp0' });
    expect(jobs[0]?.printer).toEqual({ kind: 'escpos-device', path: '/dev/usb/lp0' });
    // ESC @ first, GS V (cut) last.
    expect(jobs[0]?.bytes.slice(0, 2)).toEqual([0x1b, 0x40]);
    expect(jobs[0]?.bytes.slice(-4)).toEqual([0x1d, 0x56, 0x42, 0x00]);
    expect(Buffer.from(jobs[0]?.bytes ?? []).toString('latin1')).toContain('/dev/usb/lp0');
  });

  it('prints a system printer’s test page through the operating system', async () => {
    const { hardware, printSystemTestPage, jobs } = rig({});
    await hardware.printTestPage({ kind: 'system', deviceName: 'Office' });
    expect(printSystemTestPage).toHaveBeenCalledWith('Office', expect.any(String));
    expect(jobs).toEqual([]);
  });
});

describe('ESC/POS receipt', () => {
  it('is refused when the register prints receipts another way', async () => {
    const { hardware, jobs } = rig({ printer: { kind: 'dialog' } });
    const printed = await hardware.printEscPosReceipt(BLANK_RECEIPT);
    expect(printed.ok ? null : printed.error.code).toBe('NOT_SUPPORTED');
    expect(jobs).toEqual([]);
  });
});
