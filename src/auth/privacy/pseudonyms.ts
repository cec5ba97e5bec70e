import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { RecordSpace } from './personal-fields';

const PREFIX: Record<RecordSpace | 'person', string> = {
  person: 'P',
  household: 'H',
  enrollment: 'E',
  certification: 'S',
  payment: 'T',
  certificate: 'C',
  registration: 'U',
  evidence: 'R',
};

/**
 * Stable keyed pseudonyms for analysts: the same person (or record) always gets the same one, so
 * analysts can join and count, and without the key nobody can tell whose it is — unlike a mask,
 * nothing of the original survives (the ID number's district and birth date included).
 */
export class Pseudonyms {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    // A separate key per use: the pseudonym key never signs anything else.
    this.key = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'hub analyst pseudonyms', 32));
  }

  /** A key that lives as long as the process (development without HUB_PSEUDONYM_KEY). */
  static ephemeral(): Pseudonyms {
    return new Pseudonyms(randomBytes(32));
  }

  of(space: RecordSpace | 'person', value: string): string {
    const mac = createHmac('sha256', this.key).update(`${space}\u0000${value}`).digest('base64url');
    return `${PREFIX[space]}-${mac.slice(0, 20)}`;
  }
}
