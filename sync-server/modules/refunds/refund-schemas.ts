import { z } from 'zod';

/** A refund request as the admin API shows it, with each share's settlement. */
export const RefundShare = z.object({
  id: z.string(),
  payment_id: z.string(),
  provider_id: z.string(),
  amount: z.number().int(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  provider_refund_id: z.string().nullable(),
  error: z.string().nullable(),
});

export const RefundRequest = z.object({
  id: z.string(),
  order_id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  note: z.string(),
  source: z.string(),
  source_id: z.string().nullable(),
  requested_by: z.string(),
  status: z.enum(['pending', 'succeeded', 'partially_failed', 'failed']),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  refunds: z.array(RefundShare),
});

export type RefundShareView = z.infer<typeof RefundShare>;
export type RefundRequestView = z.infer<typeof RefundRequest>;
