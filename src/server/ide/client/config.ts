/**
 * Reads the configuration the server injects into the page. Everything is
 * optional so the bundle still works when served from a plain template.
 */
export interface IdeConfig {
  endpoint: string;
  subscriptionUrl: string;
  headers: Record<string, string>;
  defaultQuery: string | undefined;
}

export const CONFIG_ELEMENT_ID = 'hub-ide-config';

export function readIdeConfig(doc: Document = document, loc: Location = location): IdeConfig {
  const raw = parseJsonElement(doc.getElementById(CONFIG_ELEMENT_ID));
  const endpoint = typeof raw.endpoint === 'string' && raw.endpoint ? raw.endpoint : '/graphql';
  return {
    endpoint,
    subscriptionUrl: toWebSocketUrl(endpoint, loc.href),
    headers: stringRecord(raw.headers),
    defaultQuery: typeof raw.defaultQuery === 'string' ? raw.defaultQuery : undefined,
  };
}

/** Same host and path as the HTTP endpoint, so TLS termination upstream also covers the socket. */
export function toWebSocketUrl(endpoint: string, pageHref: string): string {
  const url = new URL(endpoint, pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.toString();
}

function parseJsonElement(el: HTMLElement | null): Record<string, unknown> {
  if (!el?.textContent) return {};
  try {
    const value: unknown = JSON.parse(el.textContent);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch (err) {
    // A broken config must not take the whole IDE down; the defaults still work.
    console.error('hub-ide: ignoring unparsable #hub-ide-config', err);
    return {};
  }
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}
