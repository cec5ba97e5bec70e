import type { DataSource } from 'typeorm';
import { PushSequence } from '../push-sequence.entity';

/*
 * Rows of push_sequence (a name and a number) that the sweep uses besides the outbox's
 * `notification` row. A sweep runs for minutes, far too long to hold a row lock, so instances
 * take turns with a lease instead: the `sweep-lease` row holds the instant (epoch ms) the current
 * holder's claim ends; a claim is one UPDATE that succeeds only on an expired lease, so two
 * instances can never both succeed. The holder renews after each batch; one that crashes loses
 * the lease when it expires, and another instance takes over then.
 */
const LEASE = 'sweep-lease';
/** The last date (YYYYMMDD) the scheduled sweep completed: instances waking later that day skip it. */
const DONE = 'sweep-done';

/** Long enough for any one batch, short enough that a crashed holder blocks the next sweep only briefly. */
export const LEASE_MS = 10 * 60_000;

export class LeaseLostError extends Error {
  constructor() {
    super('the sweep lease expired and another instance may have taken it: this sweep stops');
  }
}

export class SweepLease {
  private constructor(
    private readonly dataSource: DataSource,
    /** The expiry this holder wrote last: its claim ticket (an UPDATE names it to prove the lease is still ours). */
    private until: number,
    private readonly leaseMs: number,
  ) {}

  /** Claims the lease when no one holds it (or the holder's claim ran out); null when another instance holds it. */
  static async claim(dataSource: DataSource, leaseMs = LEASE_MS, now = Date.now()): Promise<SweepLease | null> {
    await ensureRow(dataSource, LEASE);
    const until = now + leaseMs;
    const update = await dataSource
      .createQueryBuilder()
      .update(PushSequence)
      .set({ value: until })
      .where('name = :name AND value < :now', { name: LEASE, now })
      .execute();
    return update.affected === 1 ? new SweepLease(dataSource, until, leaseMs) : null;
  }

  /** Until when another instance holds the lease (null when it is free): what a refused sweep tells the operator. */
  static async heldUntil(dataSource: DataSource, now = Date.now()): Promise<Date | null> {
    const row = await dataSource.manager.findOneBy(PushSequence, { name: LEASE });
    return row && row.value > now ? new Date(row.value) : null;
  }

  /** Extends the claim; throws LeaseLostError when it ran out and someone else took it meanwhile. */
  async renew(now = Date.now()): Promise<void> {
    // Always a different value from the one held, so the UPDATE counts as a change on MySQL too.
    const until = Math.max(now + this.leaseMs, this.until + 1);
    const update = await this.dataSource
      .createQueryBuilder()
      .update(PushSequence)
      .set({ value: until })
      .where('name = :name AND value = :held', { name: LEASE, held: this.until })
      .execute();
    if (update.affected !== 1) throw new LeaseLostError();
    this.until = until;
  }

  /** Lets the next sweep start at once; a lease already taken by another instance is left alone. */
  async release(): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(PushSequence)
      .set({ value: 0 })
      .where('name = :name AND value = :held', { name: LEASE, held: this.until })
      .execute();
  }
}

function dateNumber(date: string): number {
  return Number(date.replaceAll('-', ''));
}

/** Whether a scheduled sweep already completed on `date` (or a later one). */
export async function sweptOn(dataSource: DataSource, date: string): Promise<boolean> {
  const row = await dataSource.manager.findOneBy(PushSequence, { name: DONE });
  return row != null && row.value >= dateNumber(date);
}

/** Notes that the sweep of `date` completed; never moves the mark back to an earlier date. */
export async function markSwept(dataSource: DataSource, date: string): Promise<void> {
  await ensureRow(dataSource, DONE);
  const value = dateNumber(date);
  await dataSource.createQueryBuilder().update(PushSequence).set({ value }).where('name = :name AND value < :value', { name: DONE, value }).execute();
}

async function ensureRow(dataSource: DataSource, name: string): Promise<void> {
  await dataSource.createQueryBuilder().insert().into(PushSequence).values({ name, value: 0 }).orIgnore().execute();
}
