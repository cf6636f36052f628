import type { Db } from '../infra/db/db';
import { createOfficeUser } from '../modules/accounts/office-users';
import { DEMO_STORE_ID } from './demo-constants';

/**
 * The back-office account the demo store comes with, so a newcomer can sign in at once. `npm
 * start` prints it and the README names it: anyone who reads either can sign in, so a shop going
 * live makes its own owner and deactivates this one.
 */
export const DEMO_OWNER = {
  email: 'owner@demo.opentill.test',
  password: 'opentill-demo',
  name: 'Demo Owner',
} as const;

/**
 * Makes the demo owner when the demo store exists and nobody has a back-office account yet (a
 * new database, or one made before back-office accounts existed). Returns whether the demo owner
 * exists, made now or before.
 */
export async function seedDemoOwner(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('lock table office_users in exclusive mode');
    const users = await tx.query('select 1 from office_users limit 1');
    const demo = await tx.query('select 1 from stores where id = $1', [DEMO_STORE_ID]);
    if (users.rowCount === 0 && demo.rowCount > 0) {
      await createOfficeUser(tx, { ...DEMO_OWNER, role: 'owner', stores: [] });
      return true;
    }
    const owner = await tx.query('select 1 from office_users where email = $1 and active', [
      DEMO_OWNER.email,
    ]);
    return owner.rowCount > 0;
  });
}
