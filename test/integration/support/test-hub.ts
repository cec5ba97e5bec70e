import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { loadSettings } from '../../../src/config';
import { openDataSource } from '../../../src/db/data-source';
import { createLogger, type Logger } from '../../../src/logger';
import type { Caller } from '../../../src/auth/caller';
import type { AnyHubModule } from '../../../src/context/hub-module';
import { issueToken } from '../../../src/auth/tokens';
import { startHub, type RunningHub } from '../../../src/server/app';

export type DatabaseUnderTest = 'sqlite' | 'mariadb';

/** The databases this run covers: SQLite always, MariaDB/MySQL unless global setup found none. */
export function databasesUnderTest(): DatabaseUnderTest[] {
  return process.env.HUB_TEST_MYSQL === 'off' ? ['sqlite'] : ['sqlite', 'mariadb'];
}

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

type Gql = <T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GraphQLResponse<T>>;

export interface TestHub {
  url: string;
  dataSource: DataSource;
  /** Sends one GraphQL request over real HTTP, as an administrator unless `headers` say otherwise. */
  gql: Gql;
  /** The same, as another caller (a signed token for it is sent). */
  as(caller: Caller, extraHeaders?: Record<string, string>): Gql;
  token(caller: Caller, ttlSeconds?: number): Promise<string>;
  /**
   * A graphql-ws client over a real WebSocket, authenticated as `caller` (or with these exact
   * connection parameters). Dispose of it when done.
   */
  ws(caller: Caller | Record<string, unknown>, extraParams?: Record<string, unknown>): Client;
  /** Runs one operation over a new WebSocket connection and returns its first result (or the error). */
  wsOnce<T = any>(caller: Caller | Record<string, unknown>, query: string, variables?: Record<string, unknown>, extraParams?: Record<string, unknown>): Promise<GraphQLResponse<T> & { closeCode?: number }>;
  /** Stops this hub, keeping its database, and starts a new one on it (a restart): use the returned hub from then on. */
  restart(env?: Record<string, string>): Promise<TestHub>;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  /** The hub's logger (default: silent); tests that read what the hub logs pass their own. */
  log?: Logger;
  /** Modules served besides the hub's own, wired through the same list (see src/server/modules.ts). */
  extraModules?: readonly AnyHubModule[];
  /** Internal to `restart`: the database of a hub being restarted, kept as it is. */
  existing?: { databaseUrl: string; cleanup: () => Promise<void> };
}

export const TEST_SECRET = 'test-secret-of-the-hub-at-least-32-characters';
export const ADMIN: Caller = { sub: 'test-admin', role: 'admin' };

const silent = createLogger('silent');

/**
 * A hub on a fresh, empty database of its own, listening on a free port. MySQL databases are
 * built by the migrations, as in production; each suite gets its own and drops it afterwards.
 */
export async function startTestHub(kind: DatabaseUnderTest, env: Record<string, string> = {}, options: TestHubOptions = {}): Promise<TestHub> {
  const log = options.log ?? silent;
  const name = `hub_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (options.existing) {
    ({ databaseUrl, cleanup } = options.existing);
  } else if (kind === 'sqlite') {
    const file = path.join(tmpdir(), `${name}.sqlite`);
    databaseUrl = `sqlite:${file}`;
    cleanup = async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    };
  } else {
    const server = process.env.HUB_TEST_MYSQL_URL as string;
    const admin = await createConnection({ uri: server });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    databaseUrl = `${server.replace(/\/$/, '')}/${name}`;
    cleanup = async () => {
      const c = await createConnection({ uri: server });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    };
  }
  const settings = loadSettings({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    HUB_DEMO_DATA: 'off',
    LOG_LEVEL: 'silent',
    HUB_JWT_SECRET: TEST_SECRET,
    HUB_PSEUDONYM_KEY: 'test-pseudonym-key-of-the-hub-at-least-32-chars',
    // Suites set up their worlds as one admin, faster than any client may (limits.test.ts tests the limit).
    HUB_RATE_LIMIT: '1000000',
    ...env,
  });
  const dataSource = await openDataSource(databaseUrl, log);
  if (kind !== 'sqlite' && !options.existing) await dataSource.runMigrations();
  const hub: RunningHub = await startHub(settings, log, dataSource, { extraModules: options.extraModules });
  const token = (caller: Caller, ttlSeconds?: number) => issueToken(caller, hub.keys, ttlSeconds);
  const send = (authorization: () => Promise<string | null>, extra: Record<string, string> = {}): Gql =>
    async (query, variables, headers = {}) => {
      const bearer = await authorization();
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...extra, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    };
  const adminToken = await token(ADMIN);
  const isCaller = (x: Caller | Record<string, unknown>): x is Caller => typeof (x as Caller).role === 'string' && typeof (x as Caller).sub === 'string';
  const ws = (who: Caller | Record<string, unknown>, extraParams: Record<string, unknown> = {}) =>
    createClient({
      url: `${hub.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: async () => (isCaller(who) ? { Authorization: `Bearer ${await token(who)}`, ...extraParams } : { ...who, ...extraParams }),
      retryAttempts: 0,
      lazy: true,
    });
  const wsOnce = (who: Caller | Record<string, unknown>, query: string, variables?: Record<string, unknown>, extraParams?: Record<string, unknown>) => {
    const client = ws(who, extraParams);
    return new Promise<GraphQLResponse & { closeCode?: number }>((resolve) => {
      client.subscribe(
        { query, variables },
        {
          next: (result) => resolve(result as GraphQLResponse),
          error: (error) =>
            resolve(
              Array.isArray(error)
                ? { errors: error as GraphQLResponse['errors'] }
                : { closeCode: (error as { code?: number }).code, errors: [{ message: String((error as { reason?: string }).reason ?? error) }] },
            ),
          complete: () => undefined,
        },
      );
    }).finally(() => client.dispose());
  };
  return {
    url: hub.url,
    dataSource,
    gql: send(async () => adminToken),
    as: (caller, extraHeaders) => send(() => token(caller), extraHeaders),
    token,
    ws,
    wsOnce: wsOnce as TestHub['wsOnce'],
    async restart(restartEnv = {}) {
      await hub.stop();
      await dataSource.destroy();
      return startTestHub(kind, { ...env, ...restartEnv }, { ...options, existing: { databaseUrl, cleanup } });
    },
    async stop() {
      await hub.stop();
      await dataSource.destroy();
      await cleanup();
    },
  };
}
