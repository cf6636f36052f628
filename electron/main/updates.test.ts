import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { decideApply } from './update-policy';
import { createUpdates } from './updates';

/** electron-updater's autoUpdater as far as the shell uses it: events in, calls recorded. */
class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  setFeedURL = vi.fn();
  checkForUpdates = vi.fn(async () => {
    this.emit('checking-for-update');
    return null;
  });
  quitAndInstall = vi.fn();
}

function rig() {
  const updater = new FakeUpdater();
  let selling = false;
  const stops: (() => void)[] = [];
  const updates = createUpdates({
    updater,
    saleInProgress: () => selling,
    every: () => {
      const stop = vi.fn();
      stops.push(stop);
      return stop;
    },
  });
  return { updater, updates, stops, setSelling: (on: boolean) => (selling = on) };
}

describe('updates', () => {
  it('are off by default: no feed is asked until one is configured', () => {
    const { updater, updates } = rig();
    updates.configure({ enabled: false, feedUrl: 'https://updates.example/opentill' });
    expect(updater.setFeedURL).not.toHaveBeenCalled();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(updates.status()).toEqual({ state: 'off' });
  });

  it('check the configured feed, and stop checking when turned off again', () => {
    const { updater, updates, stops } = rig();
    updates.configure({ enabled: true, feedUrl: 'https://updates.example/opentill' });
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example/opentill',
    });
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
    expect(updater.autoDownload).toBe(true);
    updates.configure({ enabled: false, feedUrl: '' });
    expect(stops[0]).toHaveBeenCalledOnce();
  });

  it('install a downloaded update only between sales', () => {
    const { updater, updates, setSelling } = rig();
    updates.configure({ enabled: true, feedUrl: 'https://updates.example/opentill' });
    updater.emit('update-available', { version: '0.2.0' });
    expect(updates.status()).toEqual({ state: 'downloading', version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updates.status()).toEqual({ state: 'ready', version: '0.2.0' });

    setSelling(true);
    const refused = updates.apply();
    expect(refused.ok ? null : refused.error.code).toBe('IN_PROGRESS');
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    setSelling(false);
    expect(updates.apply()).toEqual({ ok: true, value: null });
    expect(updater.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('show a feed error as the status', () => {
    const { updater, updates } = rig();
    updates.configure({ enabled: true, feedUrl: 'https://updates.example/opentill' });
    updater.emit('error', new Error('404 latest.yml'));
    expect(updates.status()).toEqual({ state: 'error', message: '404 latest.yml' });
  });

  it('say so where the app runs from source, with no updater', () => {
    const updates = createUpdates({ updater: null, saleInProgress: () => false, every: vi.fn() });
    updates.configure({ enabled: true, feedUrl: 'https://updates.example/opentill' });
    expect(updates.status()).toEqual({ state: 'off' });
    const applied = updates.apply();
    expect(applied.ok ? null : applied.error.code).toBe('NOT_SUPPORTED');
  });
});

describe('update policy', () => {
  it('never installs with nothing downloaded', () => {
    const decision = decideApply({ state: 'downloading', version: '0.2.0' }, false);
    expect(decision.install ? null : decision.error.code).toBe('NOT_FOUND');
  });
});
