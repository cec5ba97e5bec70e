import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { ErrorCode, userError } from './errors';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A count, or a count made only when GraphQL resolves the field (countWhenSelected). */
export type TotalCount = number | PromiseLike<number>;

/**
 * A `totalCount` that runs `count` only if the field is selected: GraphQL awaits a field's value
 * only when it resolves the field, so a page that does not ask for the total never counts the
 * whole filtered table (on a million persons, most of the page's time).
 */
export function countWhenSelected(count: () => Promise<number>): PromiseLike<number> {
  let started: Promise<number> | undefined;
  return { then: (onCounted, onFailed) => (started ??= count()).then(onCounted, onFailed) };
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: TotalCount;
}

/** A Relay connection type for `node`: `XConnection { edges { cursor node } pageInfo totalCount }`. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionClass implements Connection<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All items matching the filter, on every page (counted only when asked for).' })
    totalCount!: TotalCount;
  }
  return ConnectionClass;
}

/*
 * Cursors carry the sort key of the last item seen (an ID number, for persons), encrypted: an
 * analyst who sees masked ID numbers must not read them back out of a cursor. The key is derived
 * from the token secret, so every instance of the hub accepts every other's cursors.
 */
let cursorKey: Buffer = randomBytes(32);

export function configureCursorKey(secret: Uint8Array): void {
  cursorKey = Buffer.from(hkdfSync('sha256', secret, 'civil-affairs-hub', 'cursor-v1', 32));
}

const IV_BYTES = 12;

export function encodeCursor(sortKey: string, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', cursorKey, iv);
  const body = Buffer.concat([cipher.update(sortKey, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', cursorKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw userError(ErrorCode.INVALID_CURSOR, 'the cursor is not one this hub handed out', { field: 'after' });
  }
}

/** The page size a caller asked for, within the hub's limit. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1) {
    throw userError(ErrorCode.BAD_USER_INPUT, '`first` is a whole number of 1 or more', { field: 'first' });
  }
  if (size > max) {
    throw userError(ErrorCode.PAGE_TOO_LARGE, `a page holds at most ${max} items; ask for fewer and follow the cursor`, {
      field: 'first',
      limit: max,
    });
  }
  return size;
}

/**
 * An edge whose cursor is encrypted when first read: most pages ask only for the last one
 * (`endCursor`). The page's random IVs are drawn at once, one fresh IV per cursor all the same.
 */
class LazyEdge<T> {
  private encoded: string | undefined;
  constructor(
    readonly node: T,
    private readonly sortKey: string,
    private readonly iv: Buffer,
  ) {}

  get cursor(): string {
    return (this.encoded ??= encodeCursor(this.sortKey, this.iv));
  }
}

export function toConnection<T>(rows: T[], size: number, sortKey: (row: T) => string, totalCount: TotalCount, after: boolean): Connection<T> {
  const page = rows.slice(0, size);
  const ivs = randomBytes(IV_BYTES * page.length);
  const edges: Array<{ cursor: string; node: T }> = page.map((node, i) => new LazyEdge(node, sortKey(node), ivs.subarray(i * IV_BYTES, (i + 1) * IV_BYTES)));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
