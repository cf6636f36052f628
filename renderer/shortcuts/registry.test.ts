import { afterEach, describe, expect, it } from 'vitest';
import { matchShortcut, registerShortcuts, shortcutStore } from './registry';
import type { Shortcut } from './registry';

const shortcut = (id: string, keys: string[], whileTyping = true): Shortcut => ({
  id,
  keys,
  label: keys.join(' or '),
  description: id,
  whileTyping,
  run: () => undefined,
});

const search = shortcut('search', ['F2']);
const help = shortcut('help', ['?', 'F1']);
const escape = shortcut('escape', ['Escape']);
const pay = shortcut('pay', ['F4'], false);

describe('matchShortcut', () => {
  const all = [search, help, escape, pay];

  it('finds the shortcut for a key outside text fields', () => {
    expect(matchShortcut(all, 'F2', false)).toBe(search);
    expect(matchShortcut(all, '?', false)).toBe(help);
    expect(matchShortcut(all, 'F1', false)).toBe(help);
    expect(matchShortcut(all, 'x', false)).toBeNull();
  });

  it('lets function keys and Escape act while typing, but never a typed character', () => {
    expect(matchShortcut(all, 'F2', true)).toBe(search);
    expect(matchShortcut(all, 'Escape', true)).toBe(escape);
    expect(matchShortcut(all, 'F1', true)).toBe(help);
    expect(matchShortcut(all, '?', true)).toBeNull();
  });

  it('keeps a shortcut that opts out of text fields out of them', () => {
    expect(matchShortcut(all, 'F4', true)).toBeNull();
    expect(matchShortcut(all, 'F4', false)).toBe(pay);
  });

  it('gives a shared key to the most recently registered shortcut', () => {
    const dialogEscape = shortcut('dialog-escape', ['Escape']);
    expect(matchShortcut([...all, dialogEscape], 'Escape', false)).toBe(dialogEscape);
  });
});

describe('registerShortcuts', () => {
  afterEach(() => shortcutStore.setState({ shortcuts: [] }));

  it('adds shortcuts for the help list and removes them when their owner goes', () => {
    const remove = registerShortcuts([search, help]);
    const removePark = registerShortcuts([shortcut('park', ['F6'])]);
    expect(shortcutStore.getState().shortcuts.map((s) => s.id)).toEqual(['search', 'help', 'park']);
    removePark();
    expect(shortcutStore.getState().shortcuts.map((s) => s.id)).toEqual(['search', 'help']);
    remove();
    expect(shortcutStore.getState().shortcuts).toEqual([]);
  });

  it('replaces an entry registered again under the same id', () => {
    registerShortcuts([search]);
    const again = shortcut('search', ['F3']);
    registerShortcuts([again]);
    expect(shortcutStore.getState().shortcuts).toEqual([again]);
  });
});
