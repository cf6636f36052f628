import { z } from 'zod';
import { RegisterSessionDoc } from '../../../domain/schemas';
import { requireStore } from '../../modules/devices/pairing';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { pageLimit, StoreParams } from './params';

export function registerSessionOperations({ db }: AdminDeps) {
  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/register-sessions',
      id: 'listRegisterSessions',
      // Z reports for the back office: closed sessions in Z-number order, open ones last.
      summary: 'Register sessions with their X/Z figures, closed ones in Z-number order',
      tag: 'register-sessions',
      params: StoreParams,
      query: z.object({ status: z.enum(['open', 'closed']).optional(), limit: pageLimit(5000) }),
      response: z.object({ sessions: z.array(RegisterSessionDoc) }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        const { rows } = await db.query<{ doc: RegisterSessionDoc }>(
          `select doc from sync_documents
           where store_id = $1 and collection = 'register_sessions'
             and ($2::text is null or doc ->> 'status' = $2)
           order by (doc ->> 'z_number')::bigint nulls last, doc ->> 'opened_at' limit $3`,
          [params.storeId, query.status ?? null, query.limit ?? 1000],
        );
        return { sessions: rows.map((r) => r.doc) };
      },
    }),
  ];
}
