import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OfficeRole } from '../../../domain/back-office';
import { describeZodError, HttpError } from '../../infra/http/errors';
import { readAudit, recordAudit } from '../../modules/accounts/audit-log';
import { createOfficeUser, listOfficeUsers, storesOf } from '../../modules/accounts/office-users';
import type { OfficeDeps } from './office-request';
import { requireStoreAccess, signedIn } from './office-request';

const NewUser = z.object({
  email: z.string().trim().min(3).max(320),
  name: z.string().trim().min(1).max(200),
  role: OfficeRole,
  password: z.string().min(1).max(200),
  stores: z.array(z.string().min(1).max(200)).max(1000).default([]),
});

const AuditQuery = z.object({
  store: z.string().min(1).max(200).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem = describeZodError(parsed.error, where);
  throw new HttpError('INVALID_INPUT', problem.message, problem.details);
}

function requireOwner(request: Parameters<typeof signedIn>[0]) {
  const session = signedIn(request);
  if (session.user.role !== 'owner') {
    throw new HttpError('FORBIDDEN', 'only an owner manages back-office accounts');
  }
  return session;
}

export function accountRoutes(office: FastifyInstance, deps: OfficeDeps): void {
  office.get('/api/office/users', async (request) => {
    requireOwner(request);
    return { users: await listOfficeUsers(deps.db) };
  });

  office.post('/api/office/users', async (request, reply) => {
    const { user } = requireOwner(request);
    const input = parse(NewUser, request.body, 'body');
    const created = await createOfficeUser(deps.db, input);
    await recordAudit(
      deps.db,
      {
        userId: user.id,
        actor: user.email,
        action: 'user_created',
        storeId: null,
        subject: created.email,
        detail: { role: input.role, stores: input.stores },
        ip: request.ip,
      },
      deps.now(),
    );
    return reply.status(201).send(created);
  });

  /** Newest first. An owner reads everything; a manager the entries of their stores. */
  office.get('/api/office/audit', async (request) => {
    const { user } = signedIn(request);
    const query = parse(AuditQuery, request.query, 'query');
    if (query.store !== undefined)
      await requireStoreAccess(deps.db, request, query.store, 'settings');
    else if (user.role === 'clerk') {
      throw new HttpError('FORBIDDEN', 'a clerk may not read the audit log');
    }
    const stores = user.role === 'owner' ? null : (await storesOf(deps.db, user)).map((s) => s.id);
    return {
      entries: await readAudit(deps.db, {
        stores,
        storeId: query.store,
        before: query.before,
        limit: query.limit,
      }),
    };
  });
}
