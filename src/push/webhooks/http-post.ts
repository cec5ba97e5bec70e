/** The outcome of one attempt, as the delivery row records it: never the response body. */
export type AttemptResult = { delivered: true; status: number } | { delivered: false; error: string };

const ERROR_LENGTH = 255;

/** Why fetch failed, as a code: its messages can quote the address, which may carry a token. */
function reasonOf(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : typeof name === 'string' ? name : 'Error';
  return `request failed: ${code}`;
}

/**
 * POSTs one delivery. Only a 2xx counts: a redirect is not followed (the hub sends personal data
 * to the registered address and nowhere else) and counts as a failure, like any other status.
 * The response body is discarded unread.
 */
export async function postDelivery(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<AttemptResult> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { delivered: false, error: reasonOf(error, timeoutMs).slice(0, ERROR_LENGTH) };
  }
  // Releases the connection without reading what the receiver said.
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
  const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
  return { delivered: false, error: `HTTP ${response.status}${redirect}` };
}
