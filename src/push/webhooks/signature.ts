import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * How a delivery proves it comes from the hub and was not altered or replayed later
 * (docs/push-webhooks.md): an HMAC-SHA256 with the district's secret over the timestamp and the
 * exact body, so that a receiver checks both before it parses anything.
 */

export const SIGNATURE_PREFIX = 'sha256=';

/** `sha256=<hex>` over `${timestamp}.${body}`. */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * What a receiver does, in the hub's own terms (the tests use it; the docs show the same steps):
 * the signature matches in constant time and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyDelivery(secret: string, timestamp: string, body: string, signature: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signDelivery(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
