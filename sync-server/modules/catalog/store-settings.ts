import { DEFAULT_STORE_SETTINGS, StoreSettings } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { readDocument } from '../../infra/sync/projection';

/**
 * The settings a store document holds. A field it lacks (a store written before that setting
 * existed) takes its default, and so does a value no longer valid, one field at a time: one bad
 * field must not reset every limit the back office set.
 */
export function settingsIn(doc: Readonly<Record<string, unknown>> | null): StoreSettings {
  const stored = (doc?.settings ?? {}) as Record<string, unknown>;
  const fields = StoreSettings.shape;
  const out: Record<string, unknown> = { ...DEFAULT_STORE_SETTINGS };
  for (const key of Object.keys(fields) as (keyof StoreSettings)[]) {
    const parsed = fields[key].safeParse(stored[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return StoreSettings.parse(out);
}

export async function storeSettings(q: Queryable, storeId: string): Promise<StoreSettings> {
  const stored = await readDocument(q, storeId, 'stores', storeId);
  return settingsIn(stored && !stored.deleted ? stored.doc : null);
}
