import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchChanges } from './event-stream';
import type { ChangedSet } from './event-stream';

describe('batchChanges', () => {
  afterEach(() => vi.useRealTimers());

  it('hands changes made close together to one flush, and starts afresh after it', () => {
    vi.useFakeTimers();
    const flushed: ChangedSet[] = [];
    const batch = batchChanges((changed) => flushed.push(changed), 50);
    batch.add('products');
    batch.add('stock_levels');
    batch.add('products');
    vi.advanceTimersByTime(50);
    batch.add('order_states');
    vi.advanceTimersByTime(50);
    expect(flushed).toEqual([new Set(['products', 'stock_levels']), new Set(['order_states'])]);
  });

  it('widens to everything when a change may have gone unannounced', () => {
    vi.useFakeTimers();
    const flushed: ChangedSet[] = [];
    const batch = batchChanges((changed) => flushed.push(changed), 50);
    batch.add('products');
    batch.add(null);
    batch.add('orders');
    vi.advanceTimersByTime(50);
    expect(flushed).toEqual(['all']);
  });

  it('sends nothing once cancelled', () => {
    vi.useFakeTimers();
    const flushed: ChangedSet[] = [];
    const batch = batchChanges((changed) => flushed.push(changed), 50);
    batch.add('products');
    batch.cancel();
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual([]);
  });
});
