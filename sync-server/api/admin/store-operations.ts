import { StoreDoc, StoreSettings } from '../../../domain/schemas';
import { nowIso } from '../../infra/clock';
import { HttpError } from '../../infra/http/errors';
import { readDocument, writeDocuments } from '../../infra/sync/projection';
import { settingsIn, storeSettings } from '../../modules/catalog/store-settings';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { StoreParams } from './params';

/*
 * The store's settings are server-authored: the back office changes them here and every
 * register of the store pulls the new values, which it enforces offline.
 */

export function storeOperations({ db, feed, clock }: AdminDeps) {
  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/settings',
      id: 'getStoreSettings',
      summary: "The store's settings, as its registers enforce them",
      tag: 'stores',
      params: StoreParams,
      response: StoreSettings,
      handler: async ({ params }) => {
        const stored = await readDocument(db, params.storeId, 'stores', params.storeId);
        if (!stored || stored.deleted) throw new HttpError('NOT_FOUND', 'no such store');
        return storeSettings(db, params.storeId);
      },
    }),
    defineOperation({
      method: 'PATCH',
      path: '/api/admin/stores/:storeId/settings',
      id: 'updateStoreSettings',
      summary: 'Change some of the store’s settings; the registers pull them',
      tag: 'stores',
      params: StoreParams,
      body: StoreSettings.partial().strict(),
      response: StoreSettings,
      handler: async ({ params, body }) => {
        const saved = await db.transaction(async (tx) => {
          const stored = await readDocument(tx, params.storeId, 'stores', params.storeId, {
            forUpdate: true,
          });
          if (!stored || stored.deleted) throw new HttpError('NOT_FOUND', 'no such store');
          const store = StoreDoc.parse({
            ...stored.doc,
            settings: { ...settingsIn(stored.doc), ...body },
            updated_at: nowIso(clock),
          });
          await writeDocuments(tx, params.storeId, 'stores', [{ id: store.id, doc: store }]);
          return store.settings;
        });
        feed.publish(params.storeId, 'stores');
        return saved;
      },
    }),
  ];
}
