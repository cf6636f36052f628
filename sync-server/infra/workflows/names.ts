/**
 * The workflows this server runs, by name, with the input each starts from. A module asks for a
 * run by name (engine.ts `startWorkflow`) without importing its definition, which lives above it
 * in workflows/.
 */

export const ORDER_PLACED = 'order-placed';

export interface OrderPlacedInput {
  readonly order_id: string;
}

export const ORDER_FULFILLMENT = 'order-fulfillment';

export interface OrderFulfillmentInput {
  readonly order_id: string;
}

export const ORDER_CAPTURE = 'order-capture';

export interface OrderCaptureInput {
  readonly order_id: string;
  /** Started by the goods leaving: capture only what its method captures on fulfillment. */
  readonly on_fulfillment?: boolean;
}

export const ORDER_CANCEL = 'order-cancel';

export interface OrderCancelInput {
  readonly order_id: string;
  readonly reason: string;
}

export const ORDER_EXCHANGE = 'order-exchange';

export interface OrderExchangeInput {
  readonly return_id: string;
  /** The new sale paid with the returned goods' value. */
  readonly order_id: string;
}

export const ORDER_RETURN = 'order-return';

export interface OrderReturnInput {
  readonly return_id: string;
}

export const CANCEL_FULFILLMENT = 'cancel-fulfillment';

export interface CancelFulfillmentInput {
  readonly fulfillment_id: string;
}

export const ORDER_REFUND = 'order-refund';

export interface OrderRefundInput {
  readonly request_id: string;
  readonly order_id: string;
}
