/** A page of results and the cursor that fetches the next one (undefined on the last page). */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | undefined;
}

/** An opaque cursor for keyset pagination: the sort key of the last row seen. */
export const encodeCursor = (parts: string[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The sort key a cursor carries; a cursor that was not made by `encodeCursor` is refused. */
export const decodeCursor = (cursor: string): string[] => {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new TypeError('Not a cursor');
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string'))
    throw new TypeError('Not a cursor');
  return parts;
};

/**
 * A cursor part that holds an instant, exactly as `toISOString` wrote it; anything else was not made by
 * this API (and would reach the database as an invalid timestamp).
 */
export const cursorInstant = (part: string | undefined): string => {
  const time = part === undefined ? Number.NaN : Date.parse(part);
  if (Number.isNaN(time) || new Date(time).toISOString() !== part) throw new TypeError('Not a cursor');
  return part;
};

/** The page size asked for, within 1 and `max`. */
export const pageLimit = (asked: number | undefined, fallback = 50, max = 500) =>
  Math.min(Math.max(asked ?? fallback, 1), max);

/**
 * The page of rows fetched with `limit + 1`: the extra row only tells that there is a next page, whose
 * cursor `cursorOf` makes from the page's last row.
 */
export const pageOf = <Row>(rows: Row[], limit: number, cursorOf: (last: Row) => string[]): Page<Row> => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : undefined,
  };
};
