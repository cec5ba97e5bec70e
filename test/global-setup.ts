import { createConnection } from 'mysql2/promise';

/**
 * Decides once, before any worker starts, whether the MySQL half of the suite runs. CI sets
 * HUB_TEST_REQUIRE_MYSQL=1 so that an unreachable server fails the run instead of skipping it.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.HUB_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  process.env.HUB_TEST_MYSQL_URL = url;
  // Test servers have passwords too, and CI logs are read widely.
  const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  try {
    const connection = await createConnection({ uri: url, connectTimeout: 3000 });
    await connection.end();
    process.env.HUB_TEST_MYSQL = 'on';
  } catch (error) {
    if (process.env.HUB_TEST_REQUIRE_MYSQL === '1') {
      throw new Error(`MySQL is required (HUB_TEST_REQUIRE_MYSQL=1) but ${shown} is unreachable: ${String(error)}`);
    }
    process.env.HUB_TEST_MYSQL = 'off';
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! MySQL at ${shown} is unreachable: ONLY THE SQLITE HALF OF THE SUITE RUNS.\n!! Start MariaDB/MySQL or set HUB_TEST_MYSQL_URL to test the MySQL half.\n${bar}\n`);
  }
}
