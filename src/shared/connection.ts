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

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number;
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

    @Field(() => Int, { description: 'All items matching the filter, on every page.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

/** Cursors are opaque to clients; inside they carry the sort key of the last item seen. */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(`v1:${sortKey}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('v1:') || encodeCursor(decoded.slice(3)) !== cursor) {
    throw userError(ErrorCode.INVALID_CURSOR, 'the cursor is not one this hub handed out', { field: 'after' });
  }
  return decoded.slice(3);
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

export function toConnection<T>(rows: T[], size: number, sortKey: (row: T) => string, totalCount: number, after: boolean): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(sortKey(node)), node }));
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
