import type { Db } from '../../infra/db/db';
import type { Clock } from '../../infra/clock';
import type { FulfillmentRegistry } from '../../modules/fulfillment/registry';
import type { ChangeFeed } from '../../infra/sync/change-feed';

/** What admin operations work with; each group of operations is made from these. */
export interface AdminDeps {
  readonly db: Db;
  /** Told after a write commits, so the registers of the store pull the change. */
  readonly feed: ChangeFeed;
  /** Starts the job worker on work just committed (payments, webhooks, fulfillment enqueue jobs). */
  readonly wake: () => void;
  /** The providers fulfillments are made with. */
  readonly fulfillment: FulfillmentRegistry;
  /** The server's clock: the time written on what an operation changes. */
  readonly clock: Clock;
}
