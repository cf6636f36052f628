import type { Delivery, Location } from '../../../domain/schemas';

/*
 * The fulfillment provider contract, in the shape Medusa's fulfillment module uses: one input
 * object and one output object per call. `data` is the provider's own record of a fulfillment
 * (a 3PL's shipment id, a pickup's location); the server stores it as given and hands it back on
 * every later call.
 *
 * Every call that asks a provider to do something carries an idempotency key derived from the
 * workflow run and step, so a step retried after a timeout or a crash ships nothing twice.
 * Failures follow the payment providers: a PermanentFailure is a request the provider will never
 * accept; anything else is transient and retried with the same key.
 */

export type FulfillmentData = Readonly<Record<string, unknown>>;

export interface FulfillmentItem {
  readonly line_id: string;
  readonly product_id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
}

export interface FulfillmentOption {
  readonly id: string;
  readonly provider_id: string;
  readonly name: string;
  /** What the option does with the goods: hand them over, hold them for pickup, ship them. */
  readonly kind: 'counter' | 'pickup' | 'ship';
}

export interface GetFulfillmentOptionsInput {
  readonly store_id: string;
}
export interface GetFulfillmentOptionsOutput {
  readonly options: readonly FulfillmentOption[];
}

export interface ValidateFulfillmentDataInput {
  /** Null for goods taken at the counter. */
  readonly delivery: Delivery | null;
  /** The location the routing chose to fulfil from. */
  readonly location: Location;
}
export interface ValidateFulfillmentDataOutput {
  /** What createFulfillment will be handed as `data`. */
  readonly data: FulfillmentData;
}

export interface CreateFulfillmentInput {
  readonly fulfillment: {
    readonly id: string;
    readonly store_id: string;
    readonly order_id: string;
    readonly location: Location;
    readonly items: readonly FulfillmentItem[];
    readonly delivery: Delivery | null;
  };
  readonly data: FulfillmentData;
  readonly idempotency_key: string;
}
export interface CreateFulfillmentOutput {
  /**
   * created: accepted, the goods still to leave; ready: waiting at a pickup location;
   * delivered: handed over at once.
   */
  readonly status: 'created' | 'ready' | 'delivered';
  readonly data: FulfillmentData;
  readonly tracking_numbers: readonly string[];
}

export interface CancelFulfillmentInput {
  readonly fulfillment_id: string;
  readonly data: FulfillmentData;
  readonly idempotency_key: string;
}
export interface CancelFulfillmentOutput {
  readonly data: FulfillmentData;
}

export interface CreateReturnFulfillmentInput {
  readonly order_id: string;
  /** The fulfillment the goods went out with, when there was one. */
  readonly fulfillment_id: string | null;
  readonly location: Location;
  readonly items: readonly FulfillmentItem[];
  readonly data: FulfillmentData;
  readonly idempotency_key: string;
}
export interface CreateReturnFulfillmentOutput {
  readonly data: FulfillmentData;
  readonly tracking_numbers: readonly string[];
}

export interface ShipmentDocument {
  readonly type: 'label' | 'packing_slip' | 'invoice' | 'pickup_slip';
  readonly url: string;
}
export interface GetShipmentDocumentsInput {
  readonly fulfillment_id: string;
  readonly data: FulfillmentData;
}
export interface GetShipmentDocumentsOutput {
  readonly documents: readonly ShipmentDocument[];
}

export interface FulfillmentProvider {
  readonly id: string;
  getFulfillmentOptions(input: GetFulfillmentOptionsInput): Promise<GetFulfillmentOptionsOutput>;
  validateFulfillmentData(
    input: ValidateFulfillmentDataInput,
  ): Promise<ValidateFulfillmentDataOutput>;
  createFulfillment(input: CreateFulfillmentInput): Promise<CreateFulfillmentOutput>;
  cancelFulfillment(input: CancelFulfillmentInput): Promise<CancelFulfillmentOutput>;
  createReturnFulfillment(
    input: CreateReturnFulfillmentInput,
  ): Promise<CreateReturnFulfillmentOutput>;
  getShipmentDocuments(input: GetShipmentDocumentsInput): Promise<GetShipmentDocumentsOutput>;
}
