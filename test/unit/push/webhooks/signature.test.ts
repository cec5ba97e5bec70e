import { createHmac } from 'node:crypto';
import { signDelivery, verifyDelivery } from '../../../../src/push/webhooks/signature';

const SECRET = 'a-district-secret-of-32-characters-or-more';
const BODY = '{"id":"7","sequence":7,"idNumber":"120101195003030011"}';

test('the signature is sha256= and the hex HMAC-SHA256 of `${timestamp}.${body}` with the secret', () => {
  const expected = createHmac('sha256', SECRET).update(`1764633600.${BODY}`).digest('hex');
  expect(signDelivery(SECRET, 1764633600, BODY)).toBe(`sha256=${expected}`);
});

test('a receiver accepts the signature only with the same secret, body and timestamp, and only while the timestamp is recent', () => {
  const now = 1764633600;
  const signature = signDelivery(SECRET, now, BODY);
  expect(verifyDelivery(SECRET, String(now), BODY, signature, now + 10)).toBe(true);
  expect(verifyDelivery(`${SECRET}!`, String(now), BODY, signature, now)).toBe(false);
  expect(verifyDelivery(SECRET, String(now), BODY.replace('7', '8'), signature, now)).toBe(false);
  expect(verifyDelivery(SECRET, String(now + 1), BODY, signature, now)).toBe(false);
  // A delivery recorded and sent again ten minutes later is refused.
  expect(verifyDelivery(SECRET, String(now), BODY, signature, now + 600)).toBe(false);
  expect(verifyDelivery(SECRET, 'soon', BODY, signature, now)).toBe(false);
  expect(verifyDelivery(SECRET, String(now), BODY, signature.slice(0, -1), now)).toBe(false);
});
