import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, and what it answered. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed, when it is JSON. */
  json: any;
  status: number;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** What the receiver answers: a status code, chosen per request (`attempt` counts from 1 per X-Hub-Delivery). */
export type ReceiverPolicy = (request: { headers: IncomingHttpHeaders; body: string; attempt: number }) => number | Promise<number>;

export interface WebhookReceiver {
  url: string;
  /** Every request, in the order they arrived. */
  requests: ReceivedRequest[];
  /** The requests answered with a 2xx. */
  accepted(): ReceivedRequest[];
  setPolicy(policy: ReceiverPolicy): void;
  /** Resolves once `condition` holds (checked on every request and every 25 ms); rejects after `timeoutMs`. */
  waitUntil(condition: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const ok: ReceiverPolicy = () => 200;

/** The receiver's signature check, written out as a district would (not with the hub's own helper). */
export function signedWith(request: ReceivedRequest, secret: string): boolean {
  const timestamp = String(request.headers['x-hub-timestamp']);
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
  return request.headers['x-hub-signature'] === expected;
}

/** A district's endpoint on loopback: records every request, answers as the test says. */
export async function startWebhookReceiver(policy: ReceiverPolicy = ok): Promise<WebhookReceiver> {
  let answer = policy;
  const requests: ReceivedRequest[] = [];
  const attempts = new Map<string, number>();
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['x-hub-delivery'] ?? '');
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const at = Date.now();
      let status = 500;
      try {
        status = await answer({ headers: req.headers, body, attempt });
      } finally {
        let json: unknown = undefined;
        try {
          json = JSON.parse(body);
        } catch {
          // not JSON: the test looks at `body`
        }
        requests.push({ headers: req.headers, body, json, status, at });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
        for (const wake of waiters) wake();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub-notifications`,
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    setPolicy(next) {
      answer = next;
    },
    waitUntil(condition, timeoutMs = 20_000, what = 'the condition') {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!condition()) return;
          finish();
          resolve();
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`webhook receiver: ${what} did not happen within ${timeoutMs} ms (${requests.length} requests so far)`));
        }, timeoutMs);
        const interval = setInterval(check, 25);
        function finish() {
          clearTimeout(timer);
          clearInterval(interval);
          waiters.delete(check);
        }
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
