import { z } from 'zod';
import { Id, Key } from '../../../domain/schemas';

/** Every store-scoped admin path starts with `/api/admin/stores/:storeId`. */
export const StoreParams = z.object({ storeId: Key });

/** `/api/admin/stores/:storeId/orders/:orderId…` */
export const OrderParams = StoreParams.extend({ orderId: Id });

/** A page size from the query string, bounded so one request cannot pull a whole table. */
export const pageLimit = (max: number) => z.coerce.number().int().min(1).max(max).optional();
