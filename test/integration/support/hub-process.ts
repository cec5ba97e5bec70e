import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Caller } from '../../../src/auth/caller';
import { ADMIN, TEST_SECRET, type GraphQLResponse } from './test-hub';

const ROOT = path.join(__dirname, '..', '..', '..');

/**
 * A hub as `npm start` runs it, in a process of its own: nothing shared with the test or with
 * another such process but the database. For tests of several instances on one MariaDB.
 */
export interface HubProcess {
  /** Where it listens (its own port, chosen by the system). */
  url: string;
  /** Every line it wrote to stdout so far: its JSON log. */
  readonly lines: string[];
  /** Its log lines, parsed. */
  logged(): Array<Record<string, unknown>>;
  /** One GraphQL request over HTTP, as `caller` (an administrator by default). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client on this process, authenticated as `caller`. Dispose of it when done. */
  ws(caller: Caller): Client;
  /** Sends SIGTERM and resolves with the exit status once it has stopped (0: a clean stop). */
  stop(): Promise<number | null>;
}

export interface HubProcessOptions {
  /** Signs tokens the process accepts: a test hub's `token`, which shares TEST_SECRET with it. */
  token: (caller: Caller) => Promise<string>;
  /** Settings besides the defaults below (HUB_* variables). */
  env?: Record<string, string>;
  /** How long it may take to say it listens: ts-node compiles the whole hub on a slow machine. */
  startTimeoutMs?: number;
}

/** Starts a hub process on `databaseUrl` (already migrated) and resolves once it listens. */
export async function startHubProcess(databaseUrl: string, options: HubProcessOptions): Promise<HubProcess> {
  // The test's own settings must not leak into the process: it is configured only by what is given here.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HUB_') && name !== 'DATABASE_URL' && name !== 'PORT'));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      HUB_JWT_SECRET: TEST_SECRET,
      HUB_PSEUDONYM_KEY: 'test-pseudonym-key-of-the-hub-at-least-32-chars',
      HUB_DEMO_DATA: 'off',
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  const lines: string[] = [];
  const url = await listening(child, lines, options.startTimeoutMs ?? 90_000);
  const headers = async (caller: Caller) => ({ 'content-type': 'application/json', authorization: `Bearer ${await options.token(caller)}` });
  return {
    url,
    lines,
    logged: () => lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
    async gql(query, variables, caller = ADMIN) {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: await headers(caller), body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GraphQLResponse;
    },
    ws: (caller) =>
      createClient({
        url: `${url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: async () => ({ Authorization: `Bearer ${await options.token(caller)}` }),
        retryAttempts: 0,
        lazy: true,
      }),
    stop: () => stopped(child),
  };
}

/** Resolves with the URL the process announces in its log; rejects with its output if it exits or takes too long. */
function listening(child: ChildProcessWithoutNullStreams, lines: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let partial = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`a hub process did not listen within ${timeoutMs} ms: ${lines.join('\n')}${errors}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      const text = partial + String(chunk);
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete.filter(Boolean)) {
        lines.push(line);
        const announced = /hub listening: (http:\/\/[^/\s"]+)\/graphql/.exec(line);
        if (announced) {
          clearTimeout(timer);
          resolve(announced[1]);
        }
      }
    });
    child.stderr.on('data', (chunk) => (errors += String(chunk)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`a hub process stopped (${code}): ${lines.join('\n')}${partial}${errors}`));
    });
  });
}

function stopped(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Starts `count` hub processes side by side; if one fails to start, stops the others before failing. */
export async function startHubProcesses(count: number, databaseUrl: string, options: HubProcessOptions): Promise<HubProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startHubProcess(databaseUrl, options)));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const running = started.filter((s): s is PromiseFulfilledResult<HubProcess> => s.status === 'fulfilled').map((s) => s.value);
  if (!failure) return running;
  await Promise.all(running.map((p) => p.stop()));
  throw failure.reason;
}
