import 'reflect-metadata';
import { loadSettings, SettingsError } from './config';
import { databaseKind, openDataSource } from './db/data-source';
import { createLogger } from './logger';
import { isDatabaseEmpty, seedDatabase } from './seed/seed-database';
import { describeCaller } from './auth/caller';
import { developmentTokens } from './auth/dev-tokens';
import { tokenKeys } from './auth/tokens';
import { startHub } from './server/app';
import { hubToday, setHubTimeZone } from './shared/clock';

/** Starts the hub: settings, database (seeded with demo data when it is the empty embedded default), server. */
async function main(): Promise<void> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger(settings.LOG_LEVEL);
  const dataSource = await openDataSource(settings.DATABASE_URL, log, { statementTimeMs: settings.HUB_REQUEST_TIME_MS });
  const kind = databaseKind(dataSource);

  if (kind !== 'sqlite' && (await dataSource.showMigrations())) {
    await dataSource.destroy();
    throw new SettingsError('the MySQL schema is behind the code: run `npm run migrate` first');
  }
  // Synthetic residents must never appear in a production database, whatever it is.
  if (settings.NODE_ENV !== 'production' && kind === 'sqlite' && settings.HUB_DEMO_DATA === 'auto' && (await isDatabaseEmpty(dataSource))) {
    log.info({ households: settings.HUB_DEMO_HOUSEHOLDS, seed: settings.HUB_DEMO_SEED }, 'empty embedded database: seeding demo data');
    const counts = await seedDatabase(dataSource, {
      households: settings.HUB_DEMO_HOUSEHOLDS,
      seed: settings.HUB_DEMO_SEED,
      asOf: hubToday(),
    });
    log.info(counts, 'demo data seeded');
  }

  const keys = tokenKeys(settings);
  const tokens = settings.NODE_ENV === 'development' && keys.secret ? await developmentTokens(keys) : [];
  const admin = tokens.find((t) => t.caller.role === 'admin');
  const hub = await startHub(settings, log, dataSource, {
    keys,
    ideHeaders: admin ? { Authorization: `Bearer ${admin.token}` } : undefined,
  });
  log.info({ database: kind }, `hub listening: ${hub.url}/graphql${settings.HUB_IDE ? ` (IDE at ${hub.url}/graphiql)` : ''}`);
  if (tokens.length) {
    const lifetime = keys.ephemeral ? 'valid until this process stops (no HUB_JWT_SECRET set)' : 'valid for 12 hours';
    const lines = tokens.map((t) => `  ${describeCaller(t.caller).padEnd(28)} Authorization: Bearer ${t.token}`);
    process.stdout.write(`\nDevelopment tokens, ${lifetime}; the IDE starts with the admin one:\n${lines.join('\n')}\n\n`);
  }

  const shutdown = (signal: string) => {
    log.info({ signal }, 'stopping');
    hub
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // A failure while seeding or migrating carries statements and their values: through the logger's serializer.
  if (error instanceof SettingsError) console.error(error.message);
  else createLogger('fatal').fatal({ err: error }, 'the hub could not start');
  process.exit(1);
});
