import { containsCardNumber } from '../card-numbers';
import { z } from 'zod';
import { OrderDoc, OrderStateDoc, ReturnRequestDoc } from './documents';
import { CurrencyCode, Id, IsoDateTime, Key, NonNegativeMinor } from './primitives';

/*
 * The HTTP contract between register and sync server. Paths:
 *   POST /api/pair                                           PairRequest → PairResponse
 *   GET  /api/stores/:storeId/sync/:collection/pull?checkpoint=…&limit=…  → PullResponse
 *   POST /api/stores/:storeId/sync/:collection/push          PushRequest → PushResponse
 *   GET  /api/stores/:storeId/sync/:collection/stream        SSE of StreamEvent
 *   GET  /api/stores/:storeId/sync/stream                    SSE of StoreStreamEvent
 *   POST /api/stores/:storeId/payments/card-authorizations    CardAuthorizationRequest
 *                                                            → CardAuthorizationResponse
 *   POST /api/stores/:storeId/payments/card-authorizations/:tenderId/cancel
 *                                                            → CardAuthorizationCancelResponse
 *   GET  /api/stores/:storeId/sales?q=…&limit=…              → SaleLookupResponse
 *   GET  /api/health                                         → { ok, version, min_client_version }
 * Devices authenticate with `Authorization: Bearer <device token>`; the token names one store,
 * and any path naming another store answers 403.
 * Every error body is ErrorBody with a stable code from domain/errors.ts.
 */

export const PairRequest = z.object({
  code: z.string().min(4).max(32),
  device_name: z.string().min(1).max(100),
});
export type PairRequest = z.infer<typeof PairRequest>;

export const PairResponse = z.object({
  device_id: Key,
  store_id: Key,
  /** Shown once; the server keeps only its hash. */
  token: z.string().min(32),
});
export type PairResponse = z.infer<typeof PairResponse>;

/**
 * Pull position. `xid` is the last delivered row's writing transaction id (decimal string of a
 * PostgreSQL xid8) and `seq` its change sequence: rows are delivered in (xid, seq) order and
 * only once every older transaction has finished, so a late commit is never skipped.
 */
/** The largest PostgreSQL xid8 (an unsigned 64-bit number): a larger xid was never given out. */
export const XID8_MAX = 18_446_744_073_709_551_615n;

export const Checkpoint = z.object({
  xid: z
    .string()
    .regex(/^\d+$/, 'must be a transaction id in decimal digits')
    .max(20)
    .refine((xid) => !/^\d{1,20}$/.test(xid) || BigInt(xid) <= XID8_MAX, 'must be within 64 bits'),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export const PullResponse = z.object({
  documents: z.array(z.record(z.string(), z.unknown())),
  checkpoint: Checkpoint.nullable(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const PushRow = z.object({
  assumedMasterState: z.record(z.string(), z.unknown()).nullable().optional(),
  newDocumentState: z.record(z.string(), z.unknown()),
});
export type PushRow = z.infer<typeof PushRow>;

export const PushRequest = z.array(PushRow).max(1000);

export const RejectedDoc = z.object({
  id: z.string().max(100),
  code: z.string().max(64),
  message: z.string().max(2000),
});
export type RejectedDoc = z.infer<typeof RejectedDoc>;

/** RxDB's push contract returns the master state of conflicting documents; rejections ride beside. */
export const PushResponse = z.object({
  conflicts: z.array(z.record(z.string(), z.unknown())),
  rejected: z.array(RejectedDoc),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const StreamEvent = z.union([
  z.literal('RESYNC'),
  z.object({
    documents: z.array(z.record(z.string(), z.unknown())),
    checkpoint: Checkpoint,
  }),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;

/** In a StoreStreamEvent: every collection of the store may have changed. */
export const RESYNC_ALL = '*';

/**
 * One event of the store-wide stream, which serves all collections over one connection:
 * `{"resync":"*"}` on connect (and whenever changes may have gone unannounced) means pull every
 * collection; `{"resync":["products","stock_levels"]}` names the collections that changed.
 * Names are plain strings so a register ignores collections newer than itself.
 */
export const StoreStreamEvent = z.object({
  resync: z.union([z.literal(RESYNC_ALL), z.array(z.string().max(64)).max(100)]),
});
export type StoreStreamEvent = z.infer<typeof StoreStreamEvent>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const HealthResponse = z.object({
  ok: z.literal(true),
  version: z.string(),
  min_client_version: z.string(),
  time: IsoDateTime,
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Registers send their version; a server that no longer speaks to it answers 426. */
export const CLIENT_VERSION_HEADER = 'x-opentill-client';
export const CLIENT_VERSION = '0.1.0';

/**
 * A card presented at the counter while the server is reachable: the register asks the server to
 * authorize it before the sale completes. Idempotent per tender id, so a retry after a lost
 * answer gets the same answer and never a second hold.
 */
export const CardAuthorizationRequest = z.object({
  tender_id: Key,
  /** The id the sale will have (fixed in the cart when payment starts). */
  order_id: Id,
  amount: NonNegativeMinor.refine((n) => n > 0, 'must be above zero'),
  currency: CurrencyCode,
  /** The terminal's token for the card. A card number is refused, never stored or logged. */
  token: z
    .string()
    .min(1)
    .max(200)
    .refine((t) => !containsCardNumber(t), 'must be a card token, never a card number'),
});
export type CardAuthorizationRequest = z.infer<typeof CardAuthorizationRequest>;

export const CardAuthorizationResponse = z.object({
  tender_id: Key,
  status: z.literal('authorized'),
  provider_id: z.string().max(64),
});
export type CardAuthorizationResponse = z.infer<typeof CardAuthorizationResponse>;

/** A counter authorization's hold released: the tender was removed before the sale was placed. */
export const CardAuthorizationCancelResponse = z.object({
  tender_id: Key,
  status: z.literal('canceled'),
});
export type CardAuthorizationCancelResponse = z.infer<typeof CardAuthorizationCancelResponse>;

/**
 * `GET /api/stores/:storeId/sales?q=…&limit=…`: the store's sales matching what a cashier typed
 * (domain/sale-search.ts), newest first, each with what a register needs to return from it.
 */
export const SaleLookupResponse = z.object({
  sales: z.array(
    z.object({
      order: OrderDoc,
      state: OrderStateDoc,
      /** Every register's return requests of the sale, oldest first. */
      returns: z.array(ReturnRequestDoc),
      /** The customer's name (their survivor's, if merged, is on the register). */
      customer_name: z.string().nullable(),
    }),
  ),
});
export type SaleLookupResponse = z.infer<typeof SaleLookupResponse>;
