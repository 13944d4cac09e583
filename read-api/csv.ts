/** One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. */
const field = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  // A leading = + - @ makes spreadsheets run the cell as a formula; a quote mark defuses it.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** A CSV document with a header row, lines ending in CRLF as RFC 4180 says. */
export const toCsv = (columns: readonly string[], rows: Iterable<object>): string => {
  const lines = [columns.map(field).join(',')];
  for (const row of rows)
    lines.push(columns.map((column) => field((row as Record<string, unknown>)[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
};
