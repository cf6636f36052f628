import { z } from 'zod';
import { FulfillmentStatus, OrderStateDoc, PaymentStatus } from '../../domain/schemas';

/** A day as date inputs and URLs write it. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const RangePreset = z.enum(['today', 'yesterday', '7d', '30d', 'custom']);
export type RangePreset = z.infer<typeof RangePreset>;

export const DashboardSearch = z.object({
  range: RangePreset.optional().catch(undefined),
  from: Day.optional().catch(undefined),
  to: Day.optional().catch(undefined),
});

export const OrdersSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  status: OrderStateDoc.shape.status.optional().catch(undefined),
  payment_status: PaymentStatus.optional().catch(undefined),
  fulfillment_status: FulfillmentStatus.optional().catch(undefined),
  from: Day.optional().catch(undefined),
  to: Day.optional().catch(undefined),
  /** Keyset paging, newest first: the orders numbered below this ack id. */
  before: z.coerce.number().int().min(1).optional().catch(undefined),
});
export type OrdersSearch = z.infer<typeof OrdersSearch>;
