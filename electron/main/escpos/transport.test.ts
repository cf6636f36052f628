import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drawerPulse } from './commands';
import { sendToPrinter } from './transport';

/** A stand-in network printer on localhost: collects each connection's bytes until it closes. */
function fakePrinter(): Promise<{ server: Server; port: number; jobs: Promise<Buffer>[] }> {
  const jobs: Promise<Buffer>[] = [];
  const server = createServer((socket) => {
    jobs.push(
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('end', () => resolve(Buffer.concat(chunks)));
      }),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, jobs }),
    ),
  );
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('ESC/POS transport', () => {
  it('delivers a job to a network printer on TCP, byte for byte', async () => {
    const printer = await fakePrinter();
    cleanups.push(() => new Promise((r) => printer.server.close(() => r())));
    const job = Uint8Array.from([0x1b, 0x40, ...Buffer.from('Hello till\n'), ...drawerPulse(2)]);
    const sent = await sendToPrinter(
      { kind: 'escpos-network', host: '127.0.0.1', port: printer.port },
      job,
    );
    expect(sent).toEqual({ ok: true, value: null });
    expect(printer.jobs).toHaveLength(1);
    expect([...((await printer.jobs[0]) ?? [])]).toEqual([...job]);
  });

  it('says which printer did not answer when nothing listens there', async () => {
    const closed = await fakePrinter();
    await new Promise((r) => closed.server.close(r));
    const sent = await sendToPrinter(
      { kind: 'escpos-network', host: '127.0.0.1', port: closed.port },
      Uint8Array.from([0x1b, 0x40]),
    );
    expect(sent.ok).toBe(false);
    if (sent.ok) return;
    expect(sent.error.code).toBe('DEVICE_FAILED');
    expect(sent.error.message).toContain(`127.0.0.1:${closed.port}`);
  });

  it('writes to a USB or serial printer through its device file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'opentill-lp-'));
    cleanups.push(() => rm(dir, { recursive: true }));
    const device = path.join(dir, 'lp0');
    const printer = { kind: 'escpos-device', path: device } as const;
    await sendToPrinter(printer, Uint8Array.from([0x1b, 0x40]));
    await sendToPrinter(printer, Uint8Array.from(drawerPulse(5)));
    expect([...(await readFile(device))]).toEqual([0x1b, 0x40, 0x1b, 0x70, 0x01, 0x19, 0xfa]);
  });

  it('reports a device path that does not exist', async () => {
    const sent = await sendToPrinter(
      { kind: 'escpos-device', path: '/nonexistent/opentill/lp0' },
      Uint8Array.from([0x1b, 0x40]),
    );
    expect(sent.ok ? null : sent.error.code).toBe('DEVICE_FAILED');
  });
});
