import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadSettings } from './src/config';
import { dataSourceOptions } from './src/db/data-source';
import { createLogger } from './src/logger';

/**
 * The DataSource the TypeORM CLI uses (`npm run migrate`, `npm run migration:generate`). Migrations
 * are for MySQL/MariaDB; the embedded SQLite default follows the entities by itself.
 */
export default (async () => {
  const settings = loadSettings();
  if (settings.DATABASE_URL.startsWith('sqlite:')) {
    throw new Error('migrations are for MySQL/MariaDB: set DATABASE_URL=mysql://user:pass@host:3306/db');
  }
  return new DataSource(await dataSourceOptions(settings.DATABASE_URL, createLogger(settings.LOG_LEVEL)));
})();
