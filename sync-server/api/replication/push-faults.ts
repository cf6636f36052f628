import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestOptions } from '../../modules/orders/ingest-order';

/**
 * Test only: OPENTILL_FAULT_PUSH_DELAY_MS holds each batch of claimed orders before it is
 * written, a window in which a test kills the server mid-push. Installed by the push route only
 * when that delay is set, so the production ingest path runs no fault code.
 */
export function pushFaults(
  delayMs: number,
  log: FastifyBaseLogger,
): Pick<IngestOptions, 'afterClaim'> | undefined {
  if (delayMs <= 0) return undefined;
  return {
    async afterClaim(orderIds) {
      for (const orderId of orderIds) {
        log.warn(
          { order_id: orderId, delay_ms: delayMs },
          'fault injection: holding a claimed order before writing it',
        );
      }
      await sleep(delayMs);
    },
  };
}
