import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../domain/canonical-json';
import { fingerprintOf, stripRxMeta } from './canonical';

describe('canonical bytes', () => {
  it('gives the same fingerprint whatever the key order, and a different one for other content', () => {
    const a = { id: '1', lines: [{ qty: 1, sku: 'A' }], total: 5 };
    const b = { total: 5, lines: [{ sku: 'A', qty: 1 }], id: '1' };
    expect(canonicalJson(b)).toBe('{"id":"1","lines":[{"qty":1,"sku":"A"}],"total":5}');
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
    expect(fingerprintOf({ ...a, total: 6 })).not.toBe(fingerprintOf(a));
  });

  it('drops RxDB bookkeeping but keeps every document field', () => {
    const doc = {
      id: '1',
      updated_at: 't',
      _deleted: false,
      _rev: '1-a',
      _meta: { lwt: 1 },
      _attachments: {},
    };
    expect(stripRxMeta(doc)).toEqual({ id: '1', updated_at: 't' });
  });
});
