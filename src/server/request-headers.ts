import { randomUUID } from 'node:crypto';

/** Characters that change how text is displayed or hide it: refused in anything the hub stores. */
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Longest purpose the audit log keeps, in characters. */
export const MAX_PURPOSE = 200;

/**
 * Header values arrive as Latin-1 text (one character per byte), so UTF-8 sent raw reads as
 * mojibake. The documented form is percent-encoded UTF-8 (`encodeURIComponent`); raw UTF-8 bytes
 * are recovered too, since some clients send them.
 */
function decodeHeaderText(value: string): string | null {
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      return decodeURIComponent(value);
    } catch {
      // A literal "%" in plain text ("100% of cases"): take the text as it is.
    }
  }
  if (!/[\u0080-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return null;
  }
}

/**
 * X-Purpose: why the caller asks, for the audit log. Printable text of at most 200 characters
 * after decoding; anything else counts as no purpose (departments are then refused).
 */
export function purposeOf(raw: unknown, encoded: boolean): string | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return null;
  const decoded = encoded ? decodeHeaderText(value) : value;
  const purpose = decoded?.normalize('NFC').trim();
  if (!purpose || [...purpose].length > MAX_PURPOSE || INVISIBLE_OR_CONTROL.test(purpose)) return null;
  return purpose;
}

/**
 * The hub names every request itself: a client's X-Request-Id is only a correlation hint for the
 * logs, never the id the audit log files the request under (a client could reuse another's).
 */
export function newRequestId(): string {
  return randomUUID();
}

/** A client's own request id, kept for the logs when it is short and plain. */
export function clientRequestIdOf(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[\w.-]{1,64}$/.test(raw) ? raw : undefined;
}
