import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postDelivery } from '../../../../src/push/webhooks/http-post';

/** A loopback server answering every request with `handler`; the requests it got are kept. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve))))));

async function started(handler: Parameters<typeof createServer>[1]) {
  const s = await serve(handler);
  servers.push(s.server);
  return s;
}

test('a 2xx is a delivery; the body and headers arrive as sent', async () => {
  let received = '';
  let type = '';
  const { url } = await started((req, res) => {
    type = String(req.headers['content-type']);
    req.on('data', (c) => (received += String(c)));
    req.on('end', () => res.writeHead(202).end('thanks'));
  });
  expect(await postDelivery(`${url}/hook?token=abc`, '{"a":1}', { 'Content-Type': 'application/json' }, 2000)).toEqual({ delivered: true, status: 202 });
  expect(received).toBe('{"a":1}');
  expect(type).toBe('application/json');
});

test('any other status is a failure that names the status, never what the receiver answered', async () => {
  const { url } = await started((_req, res) => res.writeHead(500).end('stack trace with 120101195003030011'));
  expect(await postDelivery(`${url}/hook`, '{}', {}, 2000)).toEqual({ delivered: false, error: 'HTTP 500' });
});

test('a redirect is not followed: the data goes to the registered address only', async () => {
  const elsewhere = await started((_req, res) => res.writeHead(200).end());
  const { url } = await started((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/stolen` }).end());
  expect(await postDelivery(`${url}/hook`, '{}', {}, 2000)).toEqual({ delivered: false, error: 'HTTP 307 (redirects are not followed)' });
  expect(elsewhere.hits).toEqual([]);
});

test('no answer within the time limit, or no server, is a failure that does not quote the address', async () => {
  const { url } = await started(() => undefined);
  const slow = await postDelivery(`${url}/hook?token=secret-token`, '{}', {}, 200);
  expect(slow).toEqual({ delivered: false, error: 'no response within 200 ms' });

  const closed = await serve(() => undefined);
  await new Promise((resolve) => closed.server.close(resolve));
  const refused = await postDelivery(`${closed.url}/hook?token=secret-token`, '{}', {}, 2000);
  expect(refused).toEqual({ delivered: false, error: 'request failed: ECONNREFUSED' });
});
