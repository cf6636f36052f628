import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uuidv7 } from '../../../domain/ids';
import { isRetryLater } from '../../../domain/retry-later';
import { MAX_AMOUNT, MAX_QUANTITY } from '../../../domain/schemas/bounds';
import type { ErrorBody } from '../../../domain/schemas/wire';
import type { OrderDoc } from '../../../domain/schemas/documents';
import { computeOrderTotals, statedTotals } from '../../../domain/totals';
import { testBackends } from '../../../test/server-support/databases';
import { useStoreRig } from '../../../test/server-support/rigs';
import { push } from '../../../test/server-support/fixtures';
import { PUSHED_COLLECTIONS, pushableDoc } from '../../../test/server-support/pushable-docs';
import type { PushedCollection } from '../../../test/server-support/pushable-docs';

/** Runs per property: tens per collection keep each backend to seconds. */
const RUNS = 25;

/*
 * Whatever a register (broken, old or hostile) pushes, each row gets a final answer: stored, or
 * refused with a permanent code. INTERNAL (or IN_PROGRESS) for a row's own data would make the
 * register send it for ever. Documents are generated from an accepted one by replacing any of
 * its values (at any depth) with adversarial text, extreme numbers or the wrong type, and by
 * growing its arrays, and orders are sometimes made to add up again so they reach placement.
 */

type Json = unknown;
type Doc = Record<string, Json>;
type Path = readonly (string | number)[];

/** Every place a value sits in `value`, the whole of each object and array included. */
function pathsOf(value: Json, path: Path = []): Path[] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  }
  return here;
}

function setAt(doc: Doc, path: Path, value: Json): void {
  let node = doc as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

function getAt(doc: Doc, path: Path): Json {
  let node: Json = doc;
  for (const key of path) node = (node as Record<string | number, Json>)[key];
  return node;
}

/** What PostgreSQL text and jsonb cannot hold: unpaired surrogates and NUL. */
const unstorableText = fc.constantFrom('x\ud83e', '\udd16', '\udd16\ud83e', 'a\u0000b', '\u0000');

const adversarialText = fc.oneof(
  { weight: 2, arbitrary: unstorableText },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '🤖',
      '\ufffe\uffff',
      '\u202egnp.exe',
      '\\u0000',
      "'; drop table orders; --",
      'x'.repeat(101),
      'x'.repeat(2001),
      '2026-01-01T00:00:00+23:59',
      '9999-12-31T23:59:59.999999999Z',
      '2000-01-01T00:00:00Z',
      '2024-02-29T12:00:00.123456Z',
      '00000000-0000-0000-0000-000000000000',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(null).map(() => uuidv7()) },
);

const extremeNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    1,
    MAX_QUANTITY,
    MAX_QUANTITY + 1,
    MAX_AMOUNT,
    MAX_AMOUNT + 1,
    -MAX_AMOUNT,
    1_000_000_000,
    9e15,
    -9e15,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 63,
    1e300,
    -1e300,
  ),
  fc.integer({ min: -MAX_AMOUNT, max: MAX_AMOUNT }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const anyValue = fc.oneof(
  { weight: 4, arbitrary: adversarialText },
  { weight: 4, arbitrary: extremeNumber },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [null], { a: 1 }) },
);

type Change =
  /** One string, one number, or any value of the document replaced by `value`. */
  | { readonly kind: 'text' | 'number' | 'any'; readonly value: Json }
  /** One array made `length` copies of its items, their amounts and quantities set. */
  | {
      readonly kind: 'grow';
      readonly length: number;
      readonly amount: Json;
      readonly quantity: Json;
    };

const change: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('text' as const), value: adversarialText }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('number' as const), value: extremeNumber }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('any' as const), value: anyValue }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('grow' as const),
      length: fc.constantFrom(0, 1, 2, 40, 500, 501),
      amount: extremeNumber,
      quantity: fc.oneof(fc.constantFrom(1, MAX_QUANTITY, MAX_QUANTITY + 1), extremeNumber),
    }),
  },
);

const changes = fc.array(fc.tuple(fc.nat(), change), { minLength: 1, maxLength: 4 });

const KINDS = { text: 'string', number: 'number' } as const;

function applyChanges(base: Doc, list: readonly (readonly [number, Change])[]): Doc {
  const doc = structuredClone(base);
  for (const [pick, c] of list) {
    const paths = pathsOf(doc).filter((p) => {
      const value = getAt(doc, p);
      if (c.kind === 'grow') return Array.isArray(value);
      return c.kind === 'any' || typeof value === KINDS[c.kind];
    });
    const path = paths[pick % Math.max(paths.length, 1)];
    if (!path) continue;
    if (c.kind !== 'grow') {
      setAt(doc, path, c.value);
      continue;
    }
    const items = getAt(doc, path) as Json[];
    const copies = Array.from({ length: c.length }, (_, i) => items[i % items.length]);
    setAt(
      doc,
      path,
      copies.map((item) => scaled(item, c.amount, c.quantity)),
    );
  }
  return doc;
}

/** A copy of an array item with its amounts and quantities set, and a fresh id. */
function scaled(item: Json, amount: Json, quantity: Json): Json {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const copy: Doc = { ...(item as Doc) };
  for (const key of ['unit_price', 'amount', 'value', 'unit_refund']) {
    if (key in copy) copy[key] = amount;
  }
  for (const key of ['quantity', 'count']) if (key in copy) copy[key] = quantity;
  if (typeof copy.id === 'string') copy.id = uuidv7();
  if (typeof copy.line_id === 'string') copy.line_id = uuidv7();
  return copy;
}

/**
 * Makes an order's stated totals and its one tender agree with its lines again, when they can,
 * so that big and odd orders get past the totals check to approvals, placement and storage.
 */
function reconciled(doc: Doc): Doc {
  if (!Array.isArray(doc.tenders) || !Array.isArray(doc.lines)) return doc;
  try {
    const order = doc as unknown as OrderDoc;
    const totals = computeOrderTotals(order);
    const amount = totals.total;
    return {
      ...doc,
      totals: { ...statedTotals(totals), paid_total: amount },
      tenders: [{ id: uuidv7(), method: 'cash', amount, tendered: amount, change: 0 }],
    };
  } catch {
    return doc;
  }
}

describe.each(testBackends())('every pushed collection on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'props', products: 3 });

  /**
   * Pushes one document and checks its answer is final: stored, or refused for good. A document
   * grown past the body limit is refused whole (413 PAYLOAD_TOO_LARGE), which is final too.
   */
  async function pushOne(collection: PushedCollection, doc: Doc): Promise<void> {
    const result = await push(rig.app, rig.device.headers, rig.storeId, collection, [doc]);
    const codes =
      result.statusCode === 200
        ? result.rejected.map((r) => r.code)
        : [(result as unknown as ErrorBody).error.code];
    for (const code of codes) {
      expect({ code, retryLater: isRetryLater(code) }).toEqual({ code, retryLater: false });
    }
    if (result.statusCode !== 200) expect(codes).toEqual(['PAYLOAD_TOO_LARGE']);
  }

  describe.each(PUSHED_COLLECTIONS)('%s', (collection) => {
    it('any one text field made adversarial: stored or refused for good, never INTERNAL', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), adversarialText, async (pick, text) => {
          const doc = applyChanges(pushableDoc(collection, rig.storeId, rig.device.deviceId), [
            [pick, { kind: 'text', value: text }],
          ]);
          await pushOne(collection, doc);
        }),
        { numRuns: RUNS },
      );
    });

    it('any values, types and array sizes: stored or refused for good, never INTERNAL', async () => {
      await fc.assert(
        fc.asyncProperty(changes, fc.boolean(), async (list, reconcile) => {
          const changed = applyChanges(
            pushableDoc(collection, rig.storeId, rig.device.deviceId),
            list,
          );
          await pushOne(collection, reconcile ? reconciled(changed) : changed);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
