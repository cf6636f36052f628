import type { Db } from '../../infra/db/db';
import type { Clock } from '../../infra/clock';
import type { ChangeFeed } from '../../infra/sync/change-feed';
import type { AdminDeps } from './admin-deps';
import { fulfillmentOperations } from './fulfillment-operations';
import type { FulfillmentRegistry } from '../../modules/fulfillment/registry';
import { draftOrderOperations } from './draft-orders';
import { exceptionOperations } from './exception-operations';
import { importOperations } from './import-operations';
import type { AdminOperation } from './operation';
import { openApiOperation } from './openapi';
import { orderOperations } from './order-operations';
import { pairingOperations } from './pairing-operations';
import { paymentOperations } from './payment-operations';
import { registerSessionOperations } from './register-session-operations';
import { staffOperations } from './staff-operations';
import { stockOperations } from './stock-operations';
import { storeOperations } from './store-operations';
import { webhookOperations } from './webhook-operations';

/**
 * Every group of admin operations, wherever it lives. The server registers exactly these and
 * the OpenAPI document is generated from exactly these, so a new group added here is served and
 * documented at once; one left out is neither.
 */
const OPERATION_GROUPS: readonly ((deps: AdminDeps) => readonly AdminOperation[])[] = [
  pairingOperations,
  storeOperations,
  orderOperations,
  draftOrderOperations,
  registerSessionOperations,
  stockOperations,
  exceptionOperations,
  importOperations,
  staffOperations,
  paymentOperations,
  webhookOperations,
  fulfillmentOperations,
];

/** The admin API: every group's operations, and the document that describes them all. */
export function adminOperations(deps: AdminDeps): AdminOperation[] {
  const ops: AdminOperation[] = OPERATION_GROUPS.flatMap((group) => group(deps));
  ops.push(openApiOperation(() => ops));
  return ops;
}

/** Stands for a dependency the documented operations hold but never call. */
const uncallable = <T>(name: string): T =>
  new Proxy(
    {},
    {
      get: (_target, key) => () => {
        throw new Error(
          `${name}.${String(key)} cannot be called on operations made for documenting`,
        );
      },
    },
  ) as T;

/** The operations as documented, made without a database: their handlers are never called. */
export function documentedOperations(): AdminOperation[] {
  return adminOperations({
    db: uncallable<Db>('db'),
    feed: uncallable<ChangeFeed>('feed'),
    wake: () => {},
    fulfillment: uncallable<FulfillmentRegistry>('fulfillment'),
    clock: uncallable<Clock>('clock'),
  });
}
