import { z } from 'zod';
import { nowIso } from '../../infra/clock';
import { uuidv7 } from '../../../domain/ids';
import { hashPin, newPinSalt, PIN_ITERATIONS } from '../../../domain/pin';
import { Key, Role, StaffDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { requireStore } from '../../modules/devices/pairing';
import { HttpError } from '../../infra/http/errors';
import { readDocument, writeDocuments } from '../../infra/sync/projection';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { StoreParams } from './params';

/*
 * Staff are server-authored: the back office writes the `staff` row and the document the
 * registers pull, whose salted PIN hash lets staff sign in offline. The PIN itself is hashed
 * here and never stored, logged or answered; nor is its hash, which only registers need.
 */

const Pin = z.string().regex(/^\d{4,6}$/, 'must be 4 to 6 digits');
const Name = z.string().trim().min(1).max(200);

const StaffSummary = z.object({
  id: Key,
  name: z.string(),
  role: Role,
  active: z.boolean(),
  updated_at: z.iso.datetime(),
});
type StaffSummary = z.infer<typeof StaffSummary>;

const summary = (s: StaffDoc): StaffSummary => ({
  id: s.id,
  name: s.name,
  role: s.role,
  active: s.active,
  updated_at: s.updated_at,
});

const StaffParams = StoreParams.extend({ staffId: Key });

async function pinFields(pin: string) {
  const salt = newPinSalt();
  return {
    pin_salt: salt,
    pin_hash: await hashPin(pin, salt, PIN_ITERATIONS),
    pin_iterations: PIN_ITERATIONS,
  };
}

async function saveStaff(tx: Queryable, staff: StaffDoc): Promise<void> {
  await tx.query(
    `insert into staff (store_id, id, name, role, active) values ($1, $2, $3, $4, $5)
     on conflict (store_id, id) do update
       set name = excluded.name, role = excluded.role, active = excluded.active`,
    [staff.store_id, staff.id, staff.name, staff.role, staff.active],
  );
  await writeDocuments(tx, staff.store_id, 'staff', [{ id: staff.id, doc: staff }]);
}

export function staffOperations({ db, feed, clock }: AdminDeps) {
  /** Reads, changes and saves one staff member in one transaction, then tells the registers. */
  async function change(
    storeId: string,
    staffId: string,
    edit: (staff: StaffDoc) => StaffDoc | Promise<StaffDoc>,
  ): Promise<StaffSummary> {
    const saved = await db.transaction(async (tx) => {
      const stored = await readDocument(tx, storeId, 'staff', staffId, { forUpdate: true });
      if (!stored || stored.deleted) {
        throw new HttpError('NOT_FOUND', `no staff member ${staffId} in this store`);
      }
      const next = StaffDoc.parse({
        ...(await edit(StaffDoc.parse(stored.doc))),
        updated_at: nowIso(clock),
      });
      await saveStaff(tx, next);
      return next;
    });
    feed.publish(storeId, 'staff');
    return summary(saved);
  }

  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/staff',
      id: 'listStaff',
      summary: 'Staff of the store, by name',
      tag: 'staff',
      params: StoreParams,
      response: z.object({ staff: z.array(StaffSummary) }),
      async handler({ params }) {
        await requireStore(db, params.storeId);
        const { rows } = await db.query<{ doc: unknown }>(
          `select doc from sync_documents
           where store_id = $1 and collection = 'staff' and not deleted
           order by doc ->> 'name', id`,
          [params.storeId],
        );
        return { staff: rows.map((r) => summary(StaffDoc.parse(r.doc))) };
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/staff',
      id: 'createStaff',
      summary: 'Add a staff member with a PIN; the registers can sign them in offline',
      tag: 'staff',
      params: StoreParams,
      body: z.object({ name: Name, role: Role, pin: Pin }),
      status: 201,
      response: StaffSummary,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        const staff = StaffDoc.parse({
          id: uuidv7(),
          store_id: params.storeId,
          updated_at: nowIso(clock),
          name: body.name,
          role: body.role,
          ...(await pinFields(body.pin)),
          active: true,
        });
        await db.transaction((tx) => saveStaff(tx, staff));
        feed.publish(params.storeId, 'staff');
        return summary(staff);
      },
    }),
    defineOperation({
      method: 'PATCH',
      path: '/api/admin/stores/:storeId/staff/:staffId',
      id: 'updateStaff',
      summary: "Change a staff member's name, role or whether they may sign in",
      tag: 'staff',
      params: StaffParams,
      body: z
        .object({ name: Name.optional(), role: Role.optional(), active: z.boolean().optional() })
        .refine((b) => Object.values(b).some((v) => v !== undefined), {
          message: 'send at least one of name, role, active',
        }),
      response: StaffSummary,
      handler: ({ params, body }) =>
        change(params.storeId, params.staffId, (staff) => ({
          ...staff,
          name: body.name ?? staff.name,
          role: body.role ?? staff.role,
          active: body.active ?? staff.active,
        })),
    }),
    defineOperation({
      method: 'PUT',
      path: '/api/admin/stores/:storeId/staff/:staffId/pin',
      id: 'setStaffPin',
      summary: "Set a staff member's PIN (4 to 6 digits)",
      tag: 'staff',
      params: StaffParams,
      body: z.object({ pin: Pin }),
      response: StaffSummary,
      handler: ({ params, body }) =>
        change(params.storeId, params.staffId, async (staff) => ({
          ...staff,
          ...(await pinFields(body.pin)),
        })),
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/staff/:staffId/deactivate',
      id: 'deactivateStaff',
      summary: 'Stop a staff member signing in on any register',
      tag: 'staff',
      params: StaffParams,
      response: StaffSummary,
      handler: ({ params }) =>
        change(params.storeId, params.staffId, (staff) => ({ ...staff, active: false })),
    }),
  ];
}
