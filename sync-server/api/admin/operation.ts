import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { describeZodError, HttpError } from '../../infra/http/errors';

/*
 * One admin API operation: its path, its input and output schemas and its handler, together.
 * Routes are registered from these descriptions and the OpenAPI document is generated from the
 * same list, so the documentation cannot drift from what the server accepts.
 *
 * Inputs are checked with zod before the handler runs; a bad one is a 400 INVALID_INPUT naming
 * the field. Paths use Fastify's `:param` syntax.
 */
export interface AdminOperation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** OpenAPI operationId: camelCase, unique. */
  readonly id: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /**
   * Set for a body the handler reads as a stream (large imports): the request's content type must
   * be one of these, the body is not parsed or size-limited, and the handler reads
   * `request.body` as a Node stream. `body` stays unset.
   */
  readonly bodyStream?: { readonly contentTypes: readonly string[]; readonly description: string };
  readonly response: R;
  /** Success status; 200 unless given. */
  readonly status?: number;
  handler(
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> },
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<z.infer<R>>;
}

/** Keeps each operation's types while it goes into a list of operations. */
export const defineOperation = <
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  op: AdminOperation<P, Q, B, R>,
): AdminOperation => op as unknown as AdminOperation;

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problem = describeZodError(parsed.error, where);
    throw new HttpError('INVALID_INPUT', problem.message, problem.details);
  }
  return parsed.data;
}

function streamedBody(contentTypes: readonly string[], request: FastifyRequest): Readable {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!contentTypes.includes(type) || !(request.body instanceof Readable)) {
    throw new HttpError('INVALID_INPUT', `send the body as ${contentTypes.join(' or ')}`, {
      'headers.content-type': `must be one of ${contentTypes.join(', ')}`,
    });
  }
  return request.body;
}

/**
 * Lets the operations' streamed bodies through as the raw request stream: parsed row by row by
 * their handler, so the server's body limit, meant for JSON, does not cap a large import. Every
 * route of the scope gets its bodies so: give the streamed operations a scope of their own.
 */
export function passStreamedBodies(app: FastifyInstance, contentTypes: readonly string[]): void {
  // application/json has Fastify's own parser, which the streamed routes' scope replaces.
  const parsed = contentTypes.filter((type) => app.hasContentTypeParser(type));
  if (parsed.length > 0) app.removeContentTypeParser(parsed);
  app.addContentTypeParser([...contentTypes], (_request, payload, done) => done(null, payload));
}

/** Registers operations on an instance whose hooks already check the admin token. */
export function registerOperations(app: FastifyInstance, ops: readonly AdminOperation[]): void {
  for (const op of ops) {
    app.route({
      method: op.method,
      url: op.path,
      handler: async (request, reply) => {
        const input = {
          params: parse(op.params, request.params, 'params'),
          query: parse(op.query, request.query, 'query'),
          body: op.bodyStream
            ? streamedBody(op.bodyStream.contentTypes, request)
            : parse(op.body, request.body, 'body'),
        };
        const result = await op.handler(input as never, request, reply);
        if (reply.sent) return reply;
        return reply.status(op.status ?? 200).send(result);
      },
    });
  }
}
