import 'server-only';
import pino from 'pino';

/**
 * Structured JSON logs, one object per line on stdout (pino): level, time, the instance (host and pid) and,
 * for requests, a request id (`x-request-id`, set by proxy.ts) that joins a request's lines across the
 * load balancer and our instances. Never log tokens, codes, states or passwords.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { pid: process.pid, instance: process.env.INSTANCE_NAME ?? undefined },
  timestamp: pino.stdTimeFunctions.isoTime,
});

/** The request id proxy.ts gave this request (or none, outside a request). */
export function requestIdOf(request: Request): string | undefined {
  return request.headers.get('x-request-id') ?? undefined;
}
