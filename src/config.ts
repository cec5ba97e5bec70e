import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './common/paths';

/**
 * Every setting the hub reads, validated once at start so that a typo stops the process with a
 * message instead of surfacing later as odd behaviour. The README lists the same settings.
 */
const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, 'use sqlite:<file>, mysql://… or mariadb://…')
    .default('sqlite:data/hub.sqlite'),
  HUB_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone')
    .default('Asia/Shanghai'),
  HUB_DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  HUB_DEMO_HOUSEHOLDS: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  HUB_DEMO_SEED: z.coerce.number().int().min(0).default(2020),
  HUB_MAX_BATCH: z.coerce.number().int().min(1).max(100_000).default(1000),
  HUB_MAX_PAGE: z.coerce.number().int().min(1).max(10_000).default(100),
  HUB_POLICY_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'src', 'policy', 'parameters')),
  HUB_REPORT_STATEMENTS: booleanFlag.optional(),
  HUB_JWT_SECRET: z.string().min(32, 'use at least 32 characters (256 bits) for an HS256 secret').optional(),
  HUB_JWKS_FILE: z.string().min(1).optional(),
  HUB_JWT_ISSUER: z.string().min(1).default('civil-affairs-hub'),
  HUB_JWT_AUDIENCE: z.string().min(1).default('civil-affairs-hub'),
  HUB_INTROSPECTION: booleanFlag.optional(),
  HUB_IDE: booleanFlag.optional(),
  HUB_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  HUB_MAX_COMPLEXITY: z.coerce.number().int().min(10).default(200_000),
  HUB_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(5_000_000),
  /** Key of the analysts' pseudonyms; without it a development hub derives one per process. */
  HUB_PSEUDONYM_KEY: z.string().min(32, 'use at least 32 characters for the pseudonym key').optional(),
  HUB_MAX_TOKEN_TTL: z.coerce.number().int().min(60).max(7 * 86400).default(12 * 3600),
  HUB_ALLOWED_HOSTS: z.string().min(1).optional(),
  HUB_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  HUB_MAX_CONCURRENT: z.coerce.number().int().min(1).default(8),
  HUB_REQUEST_TIME_MS: z.coerce.number().int().min(100).default(15_000),
  /** How often each instance looks at the outbox while at least one subscription is open. */
  HUB_PUSH_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  HUB_MAX_STRING: z.coerce.number().int().min(64).default(4096),
  /** The daily sweep's start, `HH:MM` in HUB_TIME_ZONE (docs/push-operations.md); unset: no scheduled sweep. */
  HUB_SWEEP_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time of day as HH:MM (00:00 to 23:59), in HUB_TIME_ZONE')
    .optional(),
  /** Persons per sweep transaction: each batch holds the outbox lock while it is evaluated, so ingestion waits at most one batch. */
  HUB_SWEEP_BATCH: z.coerce.number().int().min(1).max(5000).default(200),
  /** Acted-on notifications older than this many days are archived (with the daily sweep, or `hub archive`); unset: never. */
  HUB_ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** Webhook deliveries from this instance (docs/push-webhooks.md); `off` leaves them to other instances. */
  HUB_WEBHOOKS: booleanFlag.default(true),
  /** How often an idle instance looks for due webhook deliveries. */
  HUB_WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Deliveries one instance claims and sends at once (each to a different person). */
  HUB_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Retry base: after the n-th failure the next attempt waits a random time up to base·2^n (full jitter). */
  HUB_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
  HUB_WEBHOOK_MAX_BACKOFF_MS: z.coerce.number().int().min(1).default(600_000),
  /** Attempts before a delivery becomes a dead letter (listed by `deadLetters`, replayable). */
  HUB_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
  /** One attempt's limit, connection to response headers; a delivery's claim lasts longer than this. */
  HUB_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Origins whose pages may call /graphql from a browser (CORS), comma-separated `scheme://host[:port]`; unset: none. */
  HUB_CORS_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins = [...new Set(value.split(',').map((o) => o.trim()).filter(Boolean))];
      // Exactly as a browser's Origin header carries it: `https://a.example`, `http://localhost:8080`.
      const bad = origins.filter((o) => !(URL.canParse(o) && /^https?:$/.test(new URL(o).protocol) && new URL(o).origin === o));
      if (origins.length > 0 && bad.length === 0) return origins;
      ctx.addIssue({ code: 'custom', message: `list exact origins, scheme://host[:port] as a browser sends them (lower case, no path, no default port, never *): ${bad.join(', ') || value}` });
      return z.NEVER;
    })
    .optional(),
  /** Bearer token /metrics requires (docs/operations.md); unset: /metrics answers requests from this machine only. */
  HUB_METRICS_TOKEN: z.string().min(16, 'use at least 16 characters for the metrics token').optional(),
  /** On stop, how long requests in flight may take to finish before their connections are cut. */
  HUB_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Flags = 'HUB_REPORT_STATEMENTS' | 'HUB_INTROSPECTION' | 'HUB_IDE';

export type Settings = Omit<z.infer<typeof settingsSchema>, Flags> & {
  /** Whether responses carry `extensions.sqlStatements`; on by default outside production. */
  HUB_REPORT_STATEMENTS: boolean;
  /** Schema introspection; off in production unless enabled. */
  HUB_INTROSPECTION: boolean;
  /** The GraphiQL IDE at /graphiql; off in production unless enabled. */
  HUB_IDE: boolean;
};

export class SettingsError extends Error {}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = settingsSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new SettingsError(`invalid settings:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  const production = settings.NODE_ENV === 'production';
  if (production && !settings.HUB_JWT_SECRET && !settings.HUB_JWKS_FILE) {
    throw new SettingsError('invalid settings:\n  production needs HUB_JWT_SECRET or HUB_JWKS_FILE to verify tokens');
  }
  if (production && !settings.HUB_PSEUDONYM_KEY) {
    throw new SettingsError('invalid settings:\n  production needs HUB_PSEUDONYM_KEY (analysts\' pseudonyms must stay the same across restarts and instances)');
  }
  return {
    ...settings,
    HUB_REPORT_STATEMENTS: settings.HUB_REPORT_STATEMENTS ?? !production,
    HUB_INTROSPECTION: settings.HUB_INTROSPECTION ?? !production,
    HUB_IDE: settings.HUB_IDE ?? !production,
  };
}
