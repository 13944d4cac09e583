import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { PageButtons } from '../page-buttons.js';
import { formats } from '../view.js';
import type { Rebuild } from './audit-rebuilds.js';
import { type AuditToolsText, counted } from './audit-tools-words.js';
import { messageOf } from './directory.js';

/** A ready rebuild as `GET /api/v1/audit/rebuilds/{rebuildId}` answers it: with the tables it holds. */
type ReadyRebuild = Rebuild & { tables: string[] };

/** A page of one table of a rebuild. */
interface TablePage {
  table: string;
  items: Array<Record<string, unknown>>;
  total: number;
  limit: number;
  offset: number;
}

const pageSize = 50;

/** Every key the rows hold, in the order they first appear: a table's columns. */
const columnsOf = (rows: ReadonlyArray<Record<string, unknown>>) => [
  ...new Set(rows.flatMap((row) => Object.keys(row))),
];

/** A stored value as the read model held it: text as it is, anything structured as JSON. */
const cellOf = (value: unknown) => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  return String(value);
};

/** One table of a rebuild, a page at a time (the API pages by offset; the page buttons carry it). */
const TableRows = ({
  t,
  language,
  rebuild,
  table,
  when,
}: {
  t: AuditToolsText;
  language: Language;
  rebuild: ReadyRebuild;
  table: string;
  when: string;
}) => {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<TablePage | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const region = useRef<HTMLElement>(null);
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const query = new URLSearchParams({ limit: String(pageSize), offset: String(offset) });
    api<TablePage>(
      'GET',
      `/api/v1/audit/rebuilds/${encodeURIComponent(rebuild.rebuildId)}/tables/${encodeURIComponent(table)}?${query.toString()}`,
    )
      .then(
        (answer) => current && setPage(answer),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [offset]);
  // The rows take the focus once shown, so a keyboard user lands on what they asked for.
  const shown = page !== undefined;
  useEffect(() => {
    if (shown) region.current?.focus();
  }, [shown]);
  const { number } = formats(language);
  const columns = columnsOf(page?.items ?? []);
  // Every row is of this company: the first column that tells the rows apart names them.
  const header = columns.find((column) => column !== 'tenant_id') ?? columns[0];
  const captionId = `rebuild-rows-${table}`;
  const next = page && page.offset + page.items.length < page.total ? page.offset + page.limit : undefined;
  return (
    <div data-table={table}>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !page && <p>{t.tableRowsLoading}</p>}
        {page && page.total === 0 && <p>{t.tableEmpty}</p>}
        {page && page.items.length > 0 && (
          <p>
            {fill(t.shownRows, {
              from: number.format(page.offset + 1),
              to: number.format(page.offset + page.items.length),
              total: number.format(page.total),
            })}
          </p>
        )}
      </div>
      {page && page.items.length > 0 && (
        // A read model has many columns: the table scrolls sideways in a region the keyboard can reach.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrolling it by keyboard needs the focus (WCAG 2.1.1)
        <section aria-labelledby={captionId} tabIndex={0} ref={region} style={{ overflowX: 'auto' }}>
          <table>
            <caption id={captionId}>{fill(t.tableRowsCaption, { table, when })}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.items.map((row, index) => (
                <tr key={`${page.offset + index}`}>
                  {columns.map((column) =>
                    column === header ? (
                      <th key={column} scope="row">
                        {cellOf(row[column])}
                      </th>
                    ) : (
                      <td key={column}>{cellOf(row[column])}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <PageButtons
        cursor={offset > 0 ? String(offset) : undefined}
        nextCursor={next === undefined ? undefined : String(next)}
        loading={loading}
        onPage={(cursor) => setOffset(cursor ? Number(cursor) : 0)}
        firstLabel={t.firstPage}
        nextLabel={t.nextPage}
      />
    </div>
  );
};

/** What the views of one rebuild are given: its wording, language, the rebuild and when it was asked for. */
export interface RebuildProps {
  t: AuditToolsText;
  language: Language;
  rebuild: Rebuild;
  when: string;
}

/** A ready rebuild opened: its tables with their row counts, and the rows of the one chosen. */
export const RebuildTables = ({ t, language, rebuild, when }: RebuildProps) => {
  const [ready, setReady] = useState<ReadyRebuild | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [table, setTable] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    let current = true;
    api<ReadyRebuild>('GET', `/api/v1/audit/rebuilds/${encodeURIComponent(rebuild.rebuildId)}`).then(
      (answer) => current && setReady(answer),
      (problem: unknown) => current && setError(messageOf(problem)),
    );
    return () => {
      current = false;
    };
  }, []);
  const titleId = `rebuild-tables-${rebuild.rebuildId}`;
  return (
    <section aria-labelledby={titleId} data-opened-rebuild={rebuild.rebuildId}>
      <h4 id={titleId} tabIndex={-1} ref={heading}>
        {fill(t.tablesTitle, { when })}
      </h4>
      {error && <p role="alert">{error}</p>}
      {!ready && !error && <p aria-busy="true">{t.tableRowsLoading}</p>}
      {ready && (
        <table>
          <caption>{t.tablesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.table}</th>
              <th scope="col">{t.rows}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {ready.tables.map((name) => (
              <tr key={name} data-table={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>{counted(language, ready.rows?.[name] ?? 0, 'row')}</td>
                <td>
                  <button
                    type="button"
                    aria-label={fill(t.showLabel, { table: name })}
                    aria-pressed={table === name}
                    onClick={() => setTable(table === name ? undefined : name)}
                  >
                    {t.show}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ready && table && (
        <TableRows key={table} t={t} language={language} rebuild={ready} table={table} when={when} />
      )}
    </section>
  );
};
