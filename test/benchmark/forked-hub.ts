import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadSettings, type Settings } from '../../src/config';

/*
 * A benchmark's hub runs in a process of its own, so that its event loop is not the one measuring
 * it. The script forks itself with `--serve …`; the child sends what it serves once it listens,
 * and stops when asked.
 */

/** HUB_BENCH_CPU_PROF=DIR: the hub process writes a CPU profile there when it stops (node --cpu-prof). */
export function forkHub<Served>(script: string, args: string[]): Promise<{ child: ChildProcess; served: Served }> {
  const profile = process.env.HUB_BENCH_CPU_PROF;
  const execArgv = ['-r', 'ts-node/register/transpile-only', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
  const child = fork(script, ['--serve', ...args], { execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (served) => resolve({ child, served: served as Served }));
    child.once('exit', (code) => reject(new Error(`the hub process exited (${code}) before serving`)));
  });
}

export async function stopForkedHub(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  const timer = setTimeout(() => child.kill(), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The settings of a forked benchmark hub: production on loopback with fresh keys, silent, on
 * `databaseUrl`; `extra` says what a benchmark changes (its limits, its poll interval).
 */
export function benchHubSettings(databaseUrl: string, extra: Record<string, string> = {}): Settings {
  return loadSettings({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    HUB_DEMO_DATA: 'off',
    HUB_JWT_SECRET: randomBytes(32).toString('hex'),
    HUB_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ...extra,
  });
}
