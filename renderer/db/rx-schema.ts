import { z } from 'zod';
import type { RxJsonSchema } from 'rxdb';
import type { CollectionSpec } from '../../domain/schemas';

type JsonObject = { [key: string]: unknown };

/*
 * Keywords RxDB's storages never need and that break or slow its schema handling: `$schema` and
 * `additionalProperties` (RxDB sets its own at the top level), `pattern` (the zod regexes are
 * enforced where documents are written: by the server, and by zod on the register), `format`
 * and `const` (not in RxDB's draft-04 subset), and the 2020-12 `$defs`.
 */
const DROPPED_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$defs',
  'definitions',
  'additionalProperties',
  'pattern',
  'format',
  'const',
]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!isObject(node)) return node;
  if ('$ref' in node) {
    // A reference would need the dropped $defs: keep the schemas inline instead of guessing.
    throw new Error(`schema uses $ref ${String(node['$ref'])}; reuse zod schemas inline`);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    // `properties` maps field names to schemas: its keys are names, never keywords to drop.
    out[key] =
      key === 'properties' && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, v]) => [name, clean(v)]))
        : clean(value);
  }
  return out;
}

function indexFields(indexes: CollectionSpec['indexes']): string[] {
  return indexes.flatMap((index) => (typeof index === 'string' ? [index] : [...index]));
}

/**
 * Turns one entry of COLLECTIONS into an RxDB JSON schema. The zod schema is the single source
 * of truth; this only reshapes it. Throws when a primary or indexed field is not a bounded,
 * required string or number, because RxDB would otherwise fail later and less clearly.
 */
export function toRxJsonSchema(spec: CollectionSpec): RxJsonSchema<JsonObject> {
  const json = clean(z.toJSONSchema(spec.schema, { io: 'output', unrepresentable: 'throw' }));
  if (!isObject(json) || !isObject(json['properties'])) {
    throw new Error('collection schema must be a zod object');
  }
  const properties = json['properties'];
  const required = Array.isArray(json['required']) ? (json['required'] as string[]) : [];

  for (const field of ['id', ...indexFields(spec.indexes)]) {
    const prop = properties[field];
    if (!isObject(prop)) throw new Error(`indexed field ${field} is not in the schema`);
    if (!required.includes(field)) throw new Error(`indexed field ${field} must be required`);
    if (prop['type'] === 'string') {
      if (typeof prop['maxLength'] !== 'number') {
        throw new Error(`indexed field ${field} needs a maxLength`);
      }
    } else if (prop['type'] === 'integer' || prop['type'] === 'number') {
      if (typeof prop['minimum'] !== 'number' || typeof prop['maximum'] !== 'number') {
        throw new Error(`indexed field ${field} needs a minimum and maximum`);
      }
      if (prop['type'] === 'integer') prop['multipleOf'] ??= 1;
    } else {
      throw new Error(`indexed field ${field} must be a string or a number`);
    }
  }

  return {
    version: spec.version,
    primaryKey: 'id',
    type: 'object',
    properties: properties as RxJsonSchema<JsonObject>['properties'],
    required,
    indexes: spec.indexes.map((index) => (typeof index === 'string' ? index : [...index])),
  };
}
