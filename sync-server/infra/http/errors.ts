import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { appError, httpStatusOf } from '../../../domain/errors';
import type { AppError, ErrorCode } from '../../../domain/errors';

/** An AppError thrown from a route; the one error handler turns it into the wire body. */
export class HttpError extends Error {
  readonly appError: AppError;
  constructor(code: ErrorCode, message: string, details?: Readonly<Record<string, string>>) {
    super(message);
    this.name = 'HttpError';
    this.appError = appError(code, message, details);
  }
}

/** Field path → message, and a one-line summary that names the first offending field. */
export function describeZodError(error: z.ZodError, prefix = ''): AppError {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
    details[path] ??= issue.message;
  }
  const [first] = Object.entries(details);
  const message = first ? `${first[0]}: ${first[1]}` : 'invalid input';
  return appError('INVALID_INPUT', message, details);
}

function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof HttpError) return error.appError;
  const code = (error as FastifyError).code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return appError('PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return appError('INVALID_INPUT', 'the request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return appError('INVALID_INPUT', 'send the body as application/json');
  }
  if (error instanceof SyntaxError) {
    return appError('INVALID_INPUT', 'the request body is not valid JSON');
  }
  const status = (error as FastifyError).statusCode;
  if (status === 404) return appError('NOT_FOUND', error.message);
  if (status !== undefined && status >= 400 && status < 500) {
    return appError('INVALID_INPUT', error.message);
  }
  return appError('INTERNAL', 'the server failed; the request can be retried');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toAppError(error);
    const status = httpStatusOf(body.code);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code }, body.message);
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: appError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
    }),
  );
}
