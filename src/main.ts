import 'reflect-metadata';
import path from 'node:path';
import { loadSettings, SettingsError, type Settings } from './config';
import { databaseKind, openDataSource, sqliteFile } from './db/data-source';
import { createLogger } from './logger';
import { isDatabaseEmpty, seedDatabase } from './seed/seed-database';
import { describeCaller } from './auth/caller';
import { developmentTokens, type DevelopmentTokens } from './auth/dev-tokens';
import { tokenKeys, type TokenKeys } from './auth/tokens';
import { startHub } from './server/app';
import { hubToday, setHubTimeZone } from './common/clock';

/** Starts the hub: settings, database (seeded with demo data when it is the empty embedded default), server. */
async function main(): Promise<void> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger(settings.LOG_LEVEL);
  const dataSource = await openDataSource(settings.DATABASE_URL, log, { statementTimeMs: settings.HUB_REQUEST_TIME_MS }).catch((error: unknown) => {
    throw databaseFailure(error, settings.DATABASE_URL) ?? error;
  });
  const kind = databaseKind(dataSource);

  if (kind !== 'sqlite' && (await dataSource.showMigrations())) {
    await dataSource.destroy();
    throw new SettingsError('the MySQL schema is behind the code: run `npm run migrate` first');
  }
  // Synthetic residents must never appear in a production database, whatever it is.
  if (settings.NODE_ENV !== 'production' && kind === 'sqlite' && settings.HUB_DEMO_DATA === 'auto' && (await isDatabaseEmpty(dataSource))) {
    log.info({ households: settings.HUB_DEMO_HOUSEHOLDS, seed: settings.HUB_DEMO_SEED }, 'empty embedded database: seeding demo data');
    const counts = await seedDatabase(dataSource, {
      policyDir: settings.HUB_POLICY_DIR,
      households: settings.HUB_DEMO_HOUSEHOLDS,
      seed: settings.HUB_DEMO_SEED,
      asOf: hubToday(),
    });
    log.info(counts, 'demo data seeded');
  }

  const keys = tokenKeys(settings);
  const development = settings.NODE_ENV === 'development' && keys.secret ? await developmentTokens(keys) : null;
  const admin = development?.tokens.find((t) => t.caller.role === 'admin');
  const hub = await startHub(settings, log, dataSource, {
    keys,
    ideHeaders: admin ? { Authorization: `Bearer ${admin.token}` } : undefined,
  }).catch(async (error: unknown) => {
    await dataSource.destroy();
    throw listenFailure(error, settings) ?? error;
  });
  log.info({ database: kind }, `hub listening: ${hub.url}/graphql${settings.HUB_IDE ? ` (IDE at ${hub.url}/graphiql)` : ''}`);
  if (development) process.stdout.write(developmentTokensNotice(development, keys));

  const shutdown = (signal: string) => {
    log.info({ signal, graceMs: settings.HUB_SHUTDOWN_GRACE_MS }, 'stopping');
    // Requests get the grace, webhook deliveries in flight their own timeout; a stop still running
    // after both (a database that no longer answers) must not keep the process from exiting.
    const limitMs = settings.HUB_SHUTDOWN_GRACE_MS + settings.HUB_WEBHOOK_TIMEOUT_MS + 5000;
    setTimeout(() => {
      log.error({ limitMs }, 'stop did not finish in time: exiting');
      process.exit(1);
    }, limitMs).unref();
    hub
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      });
  };
  // Listeners stay registered while the hub stops: a library that re-raises a signal when nobody
  // else listens (signal-exit and the like) must never find none. A second signal exits at once.
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    shutdown(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** What the printed tokens are good for: how long, and against which secret. */
function developmentTokensNotice({ tokens, lifetime, expiresAt }: DevelopmentTokens, keys: TokenKeys): string {
  const duration = lifetime % 3600 === 0 ? plural(lifetime / 3600, 'hour') : plural(Math.round(lifetime / 60), 'minute');
  const until = `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const secret = keys.secretFile ? `the secret in ${shownPath(keys.secretFile)}` : 'HUB_JWT_SECRET';
  const lines = tokens.map((t) => `  ${describeCaller(t.caller).padEnd(28)} Authorization: Bearer ${t.token}`);
  return (
    `\nDevelopment tokens, valid for ${duration} (until ${until}), across restarts while ${secret} stays the same;` +
    ` the IDE starts with the admin one, \`npm run hub -- token --role admin\` prints a new one:\n${lines.join('\n')}\n\n`
  );
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A file as the person at the terminal knows it: relative to where they are, unless it is elsewhere. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Connecting to "localhost" tries every address it resolves to and fails with all their errors.
  const errors = (error as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(errors) ? errors.map(codeOf).find(Boolean) : undefined;
}

/** The database a URL names, without its password: what a message may show. */
function databaseShown(url: string): { host: string; server: string; user: string; database: string } {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return {
    host: parsed.hostname,
    server: `${parsed.hostname}:${parsed.port || '3306'}`,
    user: decodeURIComponent(parsed.username) || '(none)',
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(none)',
  };
}

/** A failure to open the database the way an operator can act on it: the setting, what happened, what to do. */
function databaseFailure(error: unknown, url: string): SettingsError | null {
  const code = codeOf(error);
  if (!code) return null;
  if (url.startsWith('sqlite:')) {
    const file = shownPath(sqliteFile(url));
    const cannotOpen = ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOSPC'].includes(code) || code.startsWith('SQLITE_CANTOPEN');
    return cannotOpen ? new SettingsError(`DATABASE_URL: the SQLite file ${file} cannot be opened or created (${code}): name a writable place in DATABASE_URL`) : null;
  }
  const { host, server, user, database } = databaseShown(url);
  switch (code) {
    case 'ECONNREFUSED':
      return new SettingsError(`DATABASE_URL: no MySQL or MariaDB server answers at ${server}: start it, or correct the host and port in DATABASE_URL`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SettingsError(`DATABASE_URL: ${server} cannot be reached (${code}): check the host, port and network, or correct DATABASE_URL`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SettingsError(`DATABASE_URL: the host ${host} is not known (${code}): correct the host in DATABASE_URL`);
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new SettingsError(`DATABASE_URL: the server at ${server} refused user ${user} (wrong password, or no such user): correct the user and password in DATABASE_URL`);
    case 'ER_DBACCESS_DENIED_ERROR':
      return new SettingsError(`DATABASE_URL: user ${user} may not use database ${database} on ${server}: grant it access, or name another database in DATABASE_URL`);
    case 'ER_BAD_DB_ERROR':
      return new SettingsError(`DATABASE_URL: database ${database} does not exist on ${server}: create it (README, "MySQL or MariaDB") and run \`npm run migrate\`, or correct DATABASE_URL`);
    default:
      return null;
  }
}

/** A port or interface the hub cannot listen on, said the same way. */
function listenFailure(error: unknown, settings: Settings): SettingsError | null {
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new SettingsError(`PORT ${settings.PORT} is already in use on ${settings.HOST}: stop the other process or set PORT`);
    case 'EACCES':
      return new SettingsError(`PORT ${settings.PORT} needs privileges this process does not have: set PORT to 1024 or above`);
    case 'EADDRNOTAVAIL':
      return new SettingsError(`HOST ${settings.HOST} is not an address of this machine: set HOST (127.0.0.1, or 0.0.0.0 for every interface)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SettingsError(`HOST ${settings.HOST} is not a known name: set HOST (127.0.0.1, or 0.0.0.0 for every interface)`);
    default:
      return null;
  }
}

main().catch((error: unknown) => {
  // A failure while seeding or migrating carries statements and their values: through the logger's serializer.
  if (error instanceof SettingsError) console.error(error.message);
  else createLogger('fatal').fatal({ err: error }, 'the hub could not start');
  process.exit(1);
});
