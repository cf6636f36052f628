import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COLLECTIONS, COLLECTION_NAMES } from '../../domain/schemas';
import { toRxJsonSchema } from './rx-schema';

describe('toRxJsonSchema', () => {
  it('derives every collection with id as a bounded primary key and the spec indexes', () => {
    for (const name of COLLECTION_NAMES) {
      const spec = COLLECTIONS[name];
      const schema = toRxJsonSchema(spec);
      expect(schema.primaryKey).toBe('id');
      expect(schema.version).toBe(spec.version);
      expect(schema.properties['id']).toMatchObject({ type: 'string' });
      expect(typeof schema.properties['id']?.maxLength).toBe('number');
      expect(schema.indexes).toEqual(spec.indexes);
      expect(schema.required).toContain('id');
    }
  });

  it('bounds every indexed product field so RxDB can build its index strings', () => {
    const schema = toRxJsonSchema(COLLECTIONS.products);
    expect(schema.properties['barcode']?.maxLength).toBe(64);
    expect(schema.properties['sku']?.maxLength).toBe(64);
    expect(schema.properties['search_name']?.maxLength).toBe(200);
  });

  it('strips keywords RxDB does not take, at every depth', () => {
    const text = JSON.stringify(toRxJsonSchema(COLLECTIONS.orders));
    for (const keyword of ['"$schema"', '"additionalProperties"', '"pattern"', '"format"']) {
      expect(text).not.toContain(keyword);
    }
    // Nested structure survives: order lines keep their item schema.
    const lines = toRxJsonSchema(COLLECTIONS.orders).properties['lines'];
    expect(lines?.items).toMatchObject({ type: 'object' });
  });

  it('keeps a field literally named like a dropped keyword', () => {
    const spec = {
      schema: z.object({ id: z.string().max(10), pattern: z.string() }),
      direction: 'down' as const,
      version: 0,
      indexes: [],
    };
    expect(toRxJsonSchema(spec).properties['pattern']).toEqual({ type: 'string' });
  });

  it('refuses an indexed field without a maxLength', () => {
    const spec = {
      schema: z.object({ id: z.string().max(10), name: z.string() }),
      direction: 'down' as const,
      version: 0,
      indexes: ['name'],
    };
    expect(() => toRxJsonSchema(spec)).toThrow(/name needs a maxLength/);
  });

  it('refuses an optional indexed field', () => {
    const spec = {
      schema: z.object({ id: z.string().max(10), name: z.string().max(5).optional() }),
      direction: 'down' as const,
      version: 0,
      indexes: ['name'],
    };
    expect(() => toRxJsonSchema(spec)).toThrow(/must be required/);
  });
});
