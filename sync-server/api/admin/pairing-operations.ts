import { z } from 'zod';
import { createPairingCode } from '../../modules/devices/pairing';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { StoreParams } from './params';

export function pairingOperations({ db }: AdminDeps) {
  return [
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/pairing-codes',
      id: 'createPairingCode',
      summary: 'Make a one-time code that pairs a register with the store',
      tag: 'devices',
      params: StoreParams,
      status: 201,
      response: z.object({ code: z.string(), expires_at: z.iso.datetime() }),
      handler: ({ params }) => createPairingCode(db, params.storeId),
    }),
  ];
}
