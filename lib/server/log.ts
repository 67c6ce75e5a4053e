import 'server-only';
import pino from 'pino';
import { parseLogEnv } from './env';

/**
 * Structured JSON logs, one object per line on stdout (pino): level, time, the instance (host and pid) and,
 * for requests, a request id (`x-request-id`, kept or made by the route wrappers) that joins a request's lines across the
 * load balancer and our instances. Never log tokens, codes, states or passwords.
 */
const settings = parseLogEnv(process.env);

export const log = pino({
  level: settings.LOG_LEVEL,
  base: { pid: process.pid, instance: settings.INSTANCE_NAME },
  timestamp: pino.stdTimeFunctions.isoTime,
});

const REQUEST_ID = /^[\w.:-]{8,100}$/;

/** The request's id: the load balancer's `x-request-id` when sane, else a new one (call once per request). */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
