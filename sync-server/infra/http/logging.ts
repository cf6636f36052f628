import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config';
import { prettyLogStream } from './pretty-log';
import { cardSafeLogging } from './card-number-guard';

/**
 * The server's logger: JSON lines on stdout, or the same lines made readable when a person is
 * watching (config.logFormat). Every register polls and pushes all day, so a line per request
 * would bury what matters at `info`: request lines are `debug`, failed requests stay `error`.
 */
export function serverLogging(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  redact: { readonly paths: string[]; readonly censor: string },
  /** Where lines go instead of stdout (tests). */
  out?: NodeJS.WritableStream & { isTTY?: boolean },
): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  const stream = config.logFormat === 'pretty' ? prettyLogStream(out ?? process.stdout) : out;
  return {
    // Card numbers are masked in every line, whoever sent one (card-number-guard.ts).
    logger: { level: config.logLevel, redact, ...cardSafeLogging, ...(stream ? { stream } : {}) },
    logController: new RequestLogController(),
  };
}

class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.trace({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error || this.isLogDisabled(request)) {
      super.requestCompleted(error, request, reply, metadata);
      return;
    }
    // The request rides along so the one line says what was asked and how it went.
    reply.log.debug(
      { req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
  }
}
