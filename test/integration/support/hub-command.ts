import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The settings' DATABASE_URL of a test hub's database, for a command run beside it. */
export function databaseUrlOf(dataSource: DataSource): string {
  const options = dataSource.options as { type: string; database?: string; url?: string };
  return options.type === 'better-sqlite3' ? `sqlite:${options.database}` : (options.url as string);
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run hub -- <args>` in a process of its own, on a test hub's database, as an operator runs it. */
export function hubCommand(dataSource: DataSource, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrlOf(dataSource), HUB_TIME_ZONE: 'Asia/Shanghai', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
