import { returnedByLine, soldLines } from '../../domain/returns';
import type { SoldLine } from '../../domain/returns';
import type { OrderDoc, OrderLine, OrderStateDoc, ReturnRequestDoc } from '../../domain/schemas';

/*
 * What is left to return of a sale, as the register sees it: the server's count of units taken
 * back (every register's accepted returns) plus this register's own returns the server has not
 * decided yet. A return made here offline therefore counts at once, so a second one on this
 * register can never take back more than was sold.
 */

export interface ReturnableLine {
  readonly line: OrderLine;
  readonly sold: SoldLine;
  readonly returned: number;
  readonly returnable: number;
}

/** This register's returns of the sale that the server's state does not count yet. */
export function undecidedReturns(
  state: OrderStateDoc | null,
  local: readonly ReturnRequestDoc[],
): ReturnRequestDoc[] {
  const decided = new Set(state?.return_ids ?? []);
  return local.filter((r) => !decided.has(r.id));
}

/** Units already returned by line: the server's count and this register's undecided returns. */
export function returnedSoFar(
  state: OrderStateDoc | null,
  local: readonly ReturnRequestDoc[],
): Map<string, number> {
  return returnedByLine([
    state?.returned ?? [],
    ...undecidedReturns(state, local).map((r) => r.lines),
  ]);
}

export function returnableLines(
  order: OrderDoc,
  state: OrderStateDoc | null,
  local: readonly ReturnRequestDoc[],
): ReturnableLine[] {
  const returned = returnedSoFar(state, local);
  const sold = soldLines(order);
  return order.lines.map((line, i) => {
    const taken = returned.get(line.id) ?? 0;
    return {
      line,
      sold: sold[i] ?? { line_id: line.id, quantity: line.quantity, total: 0 },
      returned: taken,
      returnable: Math.max(0, line.quantity - taken),
    };
  });
}
