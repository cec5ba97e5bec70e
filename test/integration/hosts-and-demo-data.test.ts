import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { loadSettings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { startHub, type RunningHub } from '../../src/server/app';
import { TEST_SECRET } from './support/test-hub';

const ROOT = path.join(__dirname, '..', '..');
const log = createLogger('silent');

/** A GET with a Host header of our choosing (fetch does not let a client set Host). */
function get(url: string, host: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, headers: { host, accept: 'text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsOpens(url: string, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws', { headers: { host } });
    socket.on('open', () => {
      socket.close();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function hubWith(env: Record<string, string>): Promise<{ hub: RunningHub; stop: () => Promise<void> }> {
  const file = path.join(tmpdir(), `hub_hosts_${process.pid}_${Math.random().toString(16).slice(2)}.sqlite`);
  const settings = loadSettings({ NODE_ENV: 'development', PORT: '0', DATABASE_URL: `sqlite:${file}`, HUB_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...env });
  const dataSource = await openDataSource(settings.DATABASE_URL, log);
  const hub = await startHub(settings, log, dataSource, { ideHeaders: { Authorization: 'Bearer the-development-admin-token' } });
  return {
    hub,
    async stop() {
      await hub.stop();
      await dataSource.destroy();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}

describe('host names', () => {
  test('a hub on loopback answers only to loopback names, over HTTP and WebSocket (no DNS rebinding)', async () => {
    const { hub, stop } = await hubWith({});
    try {
      expect((await get(`${hub.url}/healthz`, 'localhost')).status).toBe(200);
      const rebound = await get(`${hub.url}/healthz`, 'attacker.example');
      expect(rebound.status).toBe(421);
      expect(JSON.parse(rebound.body).errors[0].extensions.code).toBe('UNKNOWN_HOST');
      expect(await wsOpens(hub.url, `127.0.0.1:${new URL(hub.url).port}`)).toBe(true);
      expect(await wsOpens(hub.url, 'attacker.example')).toBe(false);
    } finally {
      await stop();
    }
  });

  test('the IDE is pre-filled with the development token only for a loopback request under a loopback name', async () => {
    const { hub, stop } = await hubWith({ HUB_ALLOWED_HOSTS: 'hub.example,localhost' });
    try {
      const local = await get(`${hub.url}/graphiql`, 'localhost');
      if (local.status === 503) throw new Error('the IDE is not built: run npm run build:ide (npm test does)');
      expect(local.body).toContain('the-development-admin-token');
      const named = await get(`${hub.url}/graphiql`, 'hub.example');
      expect(named.status).toBe(200);
      expect(named.body).not.toContain('the-development-admin-token');
    } finally {
      await stop();
    }
  });
});

describe('demo data and production', () => {
  test('the seed command refuses to write synthetic residents in production', () => {
    const file = path.join(tmpdir(), `hub_never_${process.pid}`, 'never.sqlite');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/seed/seed.command.ts', '--households', '3'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', HUB_JWT_SECRET: TEST_SECRET, HUB_PSEUDONYM_KEY: TEST_SECRET, DATABASE_URL: `sqlite:${file}` },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('production');
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  test('a production start on an empty embedded database seeds nothing', async () => {
    const file = path.join(tmpdir(), `hub_prod_${process.pid}.sqlite`);
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', DATABASE_URL: `sqlite:${file}`, HUB_JWT_SECRET: TEST_SECRET, HUB_PSEUDONYM_KEY: TEST_SECRET, LOG_LEVEL: 'info' },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += String(chunk);
          if (out.includes('hub listening')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`the hub stopped (${code}): ${out}`)));
      });
      const db = new Database(file, { readonly: true });
      try {
        expect((db.prepare('SELECT COUNT(*) AS n FROM ca_person').get() as { n: number }).n).toBe(0);
      } finally {
        db.close();
      }
    } finally {
      child.kill('SIGTERM');
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  });
});
