import 'reflect-metadata';
import { loadSettings, SettingsError } from './config';
import { databaseKind, openDataSource } from './db/data-source';
import { createLogger } from './logger';
import { isDatabaseEmpty, seedDatabase } from './seed/seed-database';
import { startHub } from './server/app';
import { hubToday, setHubTimeZone } from './shared/clock';

/** Starts the hub: settings, database (seeded with demo data when it is the empty embedded default), server. */
async function main(): Promise<void> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger(settings.LOG_LEVEL);
  const dataSource = await openDataSource(settings.DATABASE_URL, log);
  const kind = databaseKind(dataSource);

  if (kind !== 'sqlite' && (await dataSource.showMigrations())) {
    await dataSource.destroy();
    throw new SettingsError('the MySQL schema is behind the code: run `npm run migrate` first');
  }
  if (kind === 'sqlite' && settings.HUB_DEMO_DATA === 'auto' && (await isDatabaseEmpty(dataSource))) {
    log.info({ households: settings.HUB_DEMO_HOUSEHOLDS, seed: settings.HUB_DEMO_SEED }, 'empty embedded database: seeding demo data');
    const counts = await seedDatabase(dataSource, {
      households: settings.HUB_DEMO_HOUSEHOLDS,
      seed: settings.HUB_DEMO_SEED,
      asOf: hubToday(),
    });
    log.info(counts, 'demo data seeded');
  }

  const hub = await startHub(settings, log, dataSource);
  log.info({ database: kind }, `hub listening: ${hub.url}/graphql (IDE at ${hub.url}/graphiql)`);

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
  console.error(error instanceof SettingsError ? error.message : error);
  process.exit(1);
});
