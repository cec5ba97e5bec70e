import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './shared/paths';

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = Omit<z.infer<typeof settingsSchema>, 'HUB_REPORT_STATEMENTS'> & {
  /** Whether responses carry `extensions.sqlStatements`; on by default outside production. */
  HUB_REPORT_STATEMENTS: boolean;
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
  return {
    ...settings,
    HUB_REPORT_STATEMENTS: settings.HUB_REPORT_STATEMENTS ?? settings.NODE_ENV !== 'production',
  };
}
