import 'server-only';
import { z } from 'zod';
import { parseKeyring } from './crypto/token-encryption';

/**
 * The portal's configuration, validated once. A missing or malformed variable stops start-up with a message
 * that names it (see instrumentation.ts), instead of failing later inside a request.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What the logger needs (lib/server/log.ts), which reads it on its own: it loads before the rest is checked. */
const logFields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The lowest level logged; unset: `info`, or `warn` under the tests (one line per call would bury their report). */
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  /** This instance's name in each of its log lines (e.g. a, b, c behind the load balancer); unset: none. */
  INSTANCE_NAME: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .optional(),
});

const withLogDefaults = <T extends z.output<typeof logFields>>(values: T) => ({
  ...values,
  LOG_LEVEL: values.LOG_LEVEL ?? (values.NODE_ENV === 'test' ? 'warn' : 'info'),
});

const envFields = logFields.extend({
  DATABASE_URL: z
    .string({ error: 'is required (npm run dev sets it for the embedded PostgreSQL)' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  NEXTAUTH_URL: z.url({ error: 'must be the public base URL of the portal, e.g. https://portal.example.com' }),
  NEXTAUTH_SECRET: z.string({ error: 'is required: a random string of at least 32 characters' }).min(32, 'must be at least 32 characters'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Keyring for tokens at rest: `kid:base64key[,kid:base64key…]`, first = current (lib/server/crypto). */
  TOKEN_ENCRYPTION_KEY: z
    .string({ error: 'is required: kid:base64key with a 32-byte key (npm run dev generates one)' })
    .superRefine((value, ctx) => {
      try {
        parseKeyring(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^TOKEN_ENCRYPTION_KEY:? ?/, '') });
      }
    }),
  /** Nxsys API host ("Nxsys Umbrella - Production" in the docs). */
  NXSYS_API_URL: z.url().default('https://api.nxsys.tech'),
  /** Nxsys login/consent host ("Nxsys Admin"), where the authorize URL points. */
  NXSYS_PORTAL_URL: z.url().default('https://portal.nxsys.tech'),
  /** Label of that pair of hosts, shown on the connection page and stored with each connection. */
  NXSYS_ENVIRONMENT: z.string().min(1).default('production'),
  NXSYS_CLIENT_ID: z.string().min(1).optional(),
  NXSYS_CLIENT_SECRET: z.string().min(1).optional(),
  /** Connections not refreshed for this many hours are refreshed in the background (0 = never). */
  NXSYS_IDLE_REFRESH_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
  /** Upper bound for one Nxsys API call, in milliseconds. */
  NXSYS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Connections this instance's request pool (Prisma, pg) may hold; size it so instances × (this + JOBS_POOL_SIZE + 1) fits the server's max_connections. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Connections the job engine (pg-boss) may hold, apart from the request pool. */
  JOBS_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
  /** How often an idle job worker asks PostgreSQL for work, in seconds. */
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  /** `off` starts no job workers in this instance (it still sends jobs); e.g. for a web-only instance. */
  JOBS_WORKERS: z.enum(['on', 'off']).default('on'),
  /** An import run renews its lease this often ÷ 3; a run whose lease lapsed (its instance died) is resumed by another. */
  IMPORTS_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** Calls one import run makes to Nxsys at the same time. */
  IMPORTS_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  /** Reverse proxies in front of the portal whose X-Forwarded-For entries are believed (0: none, the header is ignored). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Passkeys' relying-party id (a domain) and the origin they are used on; both from NEXTAUTH_URL when unset. */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name, e.g. portal.example.com')
    .optional(),
  WEBAUTHN_ORIGIN: z.url().optional(),
  /** `off`: Next's socket writes per answer are left as they are (lib/server/http/coalesce-writes.ts). */
  HTTP_COALESCE_WRITES: z.enum(['on', 'off']).default('on'),
  /** SMTP server the portal sends e-mail through, e.g. smtp://user:pass@mail.example:587 (npm run dev: the local catcher). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of every e-mail, e.g. "Agency portal <no-reply@portal.example>". */
  MAIL_FROM: z.string().min(3).default('Agency portal <no-reply@localhost>'),
  /** Folder where the local SMTP catcher keeps what it caught (set by npm run dev and the browser tests only). */
  DEV_MAIL_DIR: z.string().min(1).optional(),
});

const envSchema = envFields.transform(withLogDefaults);
const logSchema = logFields.transform(withLogDefaults);

export type Env = z.output<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Formats problems as one line per variable, never echoing values (they may be secrets). */
export function describeEnvProblems(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return `Invalid configuration:\n${lines.join('\n')}\nSee the README's "Configuration" section.`;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new ConfigError(describeEnvProblems(result.error));
  return result.data;
}

/** The logger's settings alone, checked the same way (a bad value is also named, with the rest, by env()). */
export function parseLogEnv(source: Record<string, string | undefined>): z.output<typeof logSchema> {
  const result = logSchema.safeParse(source);
  if (!result.success) throw new ConfigError(describeEnvProblems(result.error));
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Cookies get `Secure` whenever the portal is served over HTTPS, which production must be. */
export const usesHttps = () => env().NEXTAUTH_URL.startsWith('https://');
