import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * A MariaDB server of a test's own, in a temporary folder and on a port of its own, for tests that
 * stop and start the database under a running hub. The shared server (the suite's
 * HUB_TEST_MYSQL_URL) is never touched: everything here names its own folder, socket and port.
 */

const INSTALL_DB = '/usr/bin/mariadb-install-db';
const SERVER = '/usr/sbin/mariadbd';
/** The shared server's port: a private server never listens there, whatever the system hands out. */
const SHARED_PORT = 3306;
const STOP_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PrivateMariaDb {
  port: number;
  /** Root with an empty password over TCP; append `/<database>`. */
  url: string;
  /** Whether the server process is running now. */
  readonly running: boolean;
  /** SIGTERM, then resolves once the server has exited (its port is closed by then). */
  stop(): Promise<void>;
  /** Starts it again on the same folder and port, resolving once it answers. */
  start(): Promise<void>;
  /** Stops it if running and removes its folder. */
  remove(): Promise<void>;
}

/** Why no private server can be started here (binaries missing), or null when it can. */
export function privateMariaDbUnavailable(): string | null {
  for (const binary of [INSTALL_DB, SERVER]) {
    try {
      accessSync(binary, constants.X_OK);
    } catch {
      return `${binary} is missing: install mariadb-server (.ci/run has it) to run the tests that restart a database`;
    }
  }
  return null;
}

/** A port nobody listens on now; the system picks it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** mariadbd refuses to run as root unless told to: tests in containers run as root. */
const asRoot = () => (process.getuid?.() === 0 ? ['--user=root'] : []);

/** Creates the data folder, starts the server and resolves once it answers; removes the folder if that fails. */
export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const unavailable = privateMariaDbUnavailable();
  if (unavailable) throw new Error(unavailable);
  const folder = mkdtempSync(path.join(tmpdir(), 'hub-private-mariadb-'));
  const datadir = path.join(folder, 'data');
  const errorLog = path.join(folder, 'error.log');
  let port = await freePort();
  while (port === SHARED_PORT) port = await freePort();
  const url = `mysql://root@127.0.0.1:${port}`;

  // The system tables only: root@localhost with an empty password (real grants, no skip-grant-tables).
  const installed = spawnSync(
    INSTALL_DB,
    ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot()],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (installed.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed (${installed.status ?? installed.signal}): ${installed.stderr}${installed.stdout}`);
  }

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child) return;
    const server = spawn(
      SERVER,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${port}`,
        `--socket=${path.join(folder, 'sock')}`,
        `--pid-file=${path.join(folder, 'pid')}`,
        `--log-error=${errorLog}`,
        '--bind-address=127.0.0.1',
        // Small and quick to start: the machine also runs the shared server and the hub.
        '--innodb-buffer-pool-size=32M',
        '--skip-log-bin',
        ...asRoot(),
      ],
      { stdio: 'ignore' },
    );
    child = server;
    exited = new Promise((resolve) => server.once('exit', () => resolve()));
    void exited.then(() => {
      if (child === server) child = null;
    });
    await answering(url, server, errorLog);
  };

  const stop = async () => {
    const server = child;
    if (!server) return;
    server.kill('SIGTERM');
    // A clean shutdown takes a second or two; one that hangs must not keep the test (or its port) forever.
    const killer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };

  try {
    await start();
  } catch (error) {
    await stop();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }

  return {
    port,
    url,
    get running() {
      return child !== null;
    },
    stop,
    start,
    async remove() {
      await stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Resolves once the server takes a connection; rejects with its error log if it exits or takes too long. */
async function answering(url: string, server: ChildProcess, errorLog: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const log = () => {
    try {
      return readFileSync(errorLog, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no error log)';
    }
  };
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the private MariaDB stopped while starting:\n${log()}`);
    try {
      const connection = await createConnection({ uri: url, connectTimeout: 2000 });
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the private MariaDB did not answer within ${timeoutMs} ms (${String(error)}):\n${log()}`);
      await sleep(100);
    }
  }
}
