import type { Queryable } from '../../infra/db/db';
import { raiseException } from '../../infra/exceptions/inbox';

/*
 * A register signs in only staff it pulled, so a fact naming someone else comes from a broken or
 * tampered register, or from one that was offline when the person was deactivated. The fact
 * still happened — the customer paid, the drawer was opened — so it is kept, and the doubtful
 * ones are filed for a manager instead of being refused (a refused sale would be a paid sale
 * the server does not know of):
 *
 * - someone who is no staff member of the store at all: `staff_unknown`;
 * - a staff member deactivated before the fact was made: `staff_inactive`;
 * - a staff member deactivated after the fact was made (an offline register's sale that
 *   arrived late): nothing to file, the sale was theirs to make.
 *
 * When someone was deactivated is read from their staff record's `updated_at`, the last change
 * to it: a record changed again after the deactivation makes the rule lenient, never strict.
 */

export const STAFF_UNKNOWN = 'staff_unknown';
export const STAFF_INACTIVE = 'staff_inactive';

export interface StaffFact {
  /** What the fact is, as the message names it: "Sale", "Cash event", … */
  readonly what: string;
  readonly subjectId: string;
  readonly staffId: string;
  /** When the register made it. */
  readonly at: string;
}

export interface StaffRow {
  readonly id: string;
  readonly role: string;
  readonly active: boolean;
  readonly changed_at: string | null;
}

/** The store's staff of these ids, with when each record last changed, by id. */
export async function staffOf(
  tx: Queryable,
  storeId: string,
  ids: readonly string[],
): Promise<Map<string, StaffRow>> {
  const { rows } = await tx.query<StaffRow>(
    `select s.id, s.role, s.active, d.doc ->> 'updated_at' as changed_at
     from staff s
     left join sync_documents d on d.store_id = s.store_id and d.collection = 'staff' and d.id = s.id
     where s.store_id = $1 and s.id = any($2::text[])`,
    [storeId, ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

function problemOf(fact: StaffFact, staff: StaffRow | undefined) {
  if (!staff) {
    return {
      kind: STAFF_UNKNOWN,
      message: `${fact.what} ${fact.subjectId} names ${fact.staffId}, who is no staff member of this store. It is kept as made; find out which register and who made it.`,
    };
  }
  if (stoodAt(staff, fact.at)) return null;
  return {
    kind: STAFF_INACTIVE,
    message: `${fact.what} ${fact.subjectId} was made at ${fact.at} by ${fact.staffId}, deactivated before then. It is kept as made; check the register was up to date.`,
  };
}

/** Active now, or changed only after `at`: as far as the server knows, they stood then. */
export function stoodAt(staff: StaffRow, at: string): boolean {
  return (
    staff.active || (staff.changed_at !== null && Date.parse(staff.changed_at) > Date.parse(at))
  );
}

/** Files each fact made by someone who could not make it; returns the subjects filed. */
export async function reportStaffProblems(
  tx: Queryable,
  storeId: string,
  facts: readonly StaffFact[],
): Promise<string[]> {
  if (facts.length === 0) return [];
  const staff = await staffOf(tx, storeId, [...new Set(facts.map((f) => f.staffId))]);
  const filed: string[] = [];
  for (const fact of facts) {
    const problem = problemOf(fact, staff.get(fact.staffId));
    if (!problem) continue;
    await raiseException(tx, {
      storeId,
      kind: problem.kind,
      subjectId: fact.subjectId,
      message: problem.message,
      detail: { subject_id: fact.subjectId, staff_id: fact.staffId, made_at: fact.at },
      dedupeKey: `${problem.kind}:${fact.subjectId}`,
    });
    filed.push(fact.subjectId);
  }
  return filed;
}
