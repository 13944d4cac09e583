import { useEffect, useState } from 'preact/hooks';
import { api, chosenTenant } from '../api.js';
import type { Language } from '../i18n.js';
import { PageButtons } from '../page-buttons.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import {
  type AuditRow,
  commonEventTypes,
  entityOf,
  eventWord,
  historyReaders,
  roleWord,
} from './audit-words.js';
import { Link, type ListPage, messageOf, useAssetTags, usePersonNames } from './directory.js';

const texts: Texts<
  | 'title'
  | 'filters'
  | 'type'
  | 'allTypes'
  | 'stream'
  | 'streamHint'
  | 'from'
  | 'to'
  | 'apply'
  | 'clear'
  | 'time'
  | 'event'
  | 'entity'
  | 'actor'
  | 'details'
  | 'showData'
  | 'fullHistory'
  | 'loading'
  | 'empty'
  | 'emptyFiltered'
  | 'nextPage'
  | 'firstPage'
  | 'loadMore'
  | 'csv'
  | 'caption'
  | 'historyCaption'
  | 'historyEmpty'
  | 'otherHistory'
  | 'openEntity'
  | 'allEvents'
> = {
  en: {
    title: 'Audit log',
    filters: 'Filter the audit log',
    type: 'Event type',
    allTypes: 'All event types',
    stream: 'Entity stream',
    streamHint: 'The exact stream name, e.g. device-… (the "full history" link fills it in for you).',
    from: 'From',
    to: 'Until',
    apply: 'Apply filter',
    clear: 'Clear filter',
    time: 'Time',
    event: 'Event',
    entity: 'Entity',
    actor: 'Done by',
    details: 'Details',
    showData: 'Show data',
    fullHistory: 'full history',
    loading: 'Loading the audit log…',
    empty:
      'Nothing has been recorded yet. Events appear here as soon as anyone acts in the panel or the API.',
    emptyFiltered: 'No event matches this filter. Widen the dates or clear the filter to see every event.',
    nextPage: 'Next page',
    firstPage: 'First page',
    loadMore: 'Load more',
    csv: 'Download CSV',
    caption: 'Recorded events, oldest first',
    historyCaption: 'Every event of this entity, oldest first',
    historyEmpty:
      'Nothing has been recorded for this entity. Check the link, or look it up in the audit log.',
    otherHistory: 'History',
    openEntity: 'Open',
    allEvents: 'Back to the audit log',
  },
  pl: {
    title: 'Dziennik zdarzeń',
    filters: 'Filtruj dziennik zdarzeń',
    type: 'Rodzaj zdarzenia',
    allTypes: 'Wszystkie rodzaje zdarzeń',
    stream: 'Strumień obiektu',
    streamHint: 'Dokładna nazwa strumienia, np. device-… (wypełnia ją odnośnik „pełna historia”).',
    from: 'Od',
    to: 'Do',
    apply: 'Zastosuj filtr',
    clear: 'Wyczyść filtr',
    time: 'Czas',
    event: 'Zdarzenie',
    entity: 'Obiekt',
    actor: 'Wykonał(a)',
    details: 'Szczegóły',
    showData: 'Pokaż dane',
    fullHistory: 'pełna historia',
    loading: 'Wczytywanie dziennika zdarzeń…',
    empty: 'Nic jeszcze nie zapisano. Zdarzenia pojawią się tu, gdy ktoś wykona działanie w panelu lub API.',
    emptyFiltered: 'Żadne zdarzenie nie pasuje do filtra. Poszerz zakres dat lub wyczyść filtr.',
    nextPage: 'Następna strona',
    firstPage: 'Pierwsza strona',
    loadMore: 'Wczytaj więcej',
    csv: 'Pobierz CSV',
    caption: 'Zapisane zdarzenia, od najstarszych',
    historyCaption: 'Wszystkie zdarzenia tego obiektu, od najstarszych',
    historyEmpty: 'Dla tego obiektu nic nie zapisano. Sprawdź odnośnik lub poszukaj go w dzienniku zdarzeń.',
    otherHistory: 'Historia',
    openEntity: 'Otwórz',
    allEvents: 'Wróć do dziennika zdarzeń',
  },
};

interface AuditFilter {
  type: string;
  stream: string;
  /** `datetime-local` values (local time, no zone); sent to the API as ISO instants. */
  from: string;
  to: string;
}

const noFilter: AuditFilter = { type: '', stream: '', from: '', to: '' };

const isoOf = (local: string) => {
  const instant = new Date(local);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
};

/** An ISO instant as a `datetime-local` value in the browser's time zone. */
const localOf = (iso: string | null) => {
  if (!iso) return '';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${two(instant.getMonth() + 1)}-${two(instant.getDate())}T${two(instant.getHours())}:${two(instant.getMinutes())}`;
};

const queryOf = (filter: AuditFilter, cursor?: string) => {
  const query = new URLSearchParams();
  if (filter.type) query.set('type', filter.type);
  if (filter.stream) query.set('stream', filter.stream);
  const from = filter.from && isoOf(filter.from);
  if (from) query.set('from', from);
  const to = filter.to && isoOf(filter.to);
  if (to) query.set('to', to);
  if (cursor) query.set('cursor', cursor);
  return query;
};

/** Labels for the entities of the rows: asset tags and people's names where the caller may read them. */
const useEntityLabels = (rows: readonly AuditRow[], language: Language) => {
  const entities = rows.map((row) => entityOf(row.stream_name, language));
  const tags = useAssetTags(entities.flatMap((entity) => (entity?.kind === 'device' ? [entity.id] : [])));
  const names = usePersonNames(entities.flatMap((entity) => (entity?.kind === 'person' ? [entity.id] : [])));
  return (id: string) => tags[id] ?? names[id] ?? `${id.slice(0, 8)}…`;
};

const EntityCell = ({
  stream,
  language,
  labelOf,
}: {
  stream: string;
  language: Language;
  labelOf(id: string): string;
}) => {
  const t = textsOf(texts, language);
  const entity = entityOf(stream, language);
  return (
    <td data-stream={stream}>
      {entity ? (
        <Link href={entity.href}>
          {entity.word} {labelOf(entity.id)}
        </Link>
      ) : (
        <code>{stream}</code>
      )}{' '}
      (<Link href={`/history/${encodeURIComponent(stream)}`}>{t.fullHistory}</Link>)
    </td>
  );
};

/** The events as a table; the entity column is left out when every row is of one entity. */
const AuditTable = ({
  rows,
  language,
  caption,
  withEntity,
}: {
  rows: readonly AuditRow[];
  language: Language;
  caption: string;
  withEntity: boolean;
}) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const labelOf = useEntityLabels(withEntity ? rows : [], language);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.time}</th>
          <th scope="col">{t.event}</th>
          {withEntity && <th scope="col">{t.entity}</th>}
          <th scope="col">{t.actor}</th>
          <th scope="col">{t.details}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.checkpoint} data-event={row.event_type}>
            <td>
              <time dateTime={row.recorded_at}>{format.dateTime.format(new Date(row.recorded_at))}</time>
            </td>
            <th scope="row">{eventWord(language, row.event_type)}</th>
            {withEntity && <EntityCell stream={row.stream_name} language={language} labelOf={labelOf} />}
            <td>{roleWord(language, row.actor_role)}</td>
            <td>
              <details>
                <summary>{t.showData}</summary>
                <pre>{JSON.stringify(row.data, null, 2)}</pre>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** The audit log: every recorded event of the tenant, filtered, a page at a time, and as CSV. */
export const AuditLogView = ({ language }: ViewProps) => {
  const t = textsOf(texts, language);
  const [filter, setFilter] = useState<AuditFilter>(() => {
    const initial = new URLSearchParams(location.search);
    return {
      type: initial.get('type') ?? '',
      stream: initial.get('stream') ?? '',
      from: localOf(initial.get('from')),
      to: localOf(initial.get('to')),
    };
  });
  const [draft, setDraft] = useState(filter);
  const [cursor, setCursor] = useState<string | undefined>();
  const [page, setPage] = useState<ListPage<AuditRow> | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const query = queryOf(filter, cursor).toString();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    api<ListPage<AuditRow>>('GET', `/api/v1/audit-log${query ? `?${query}` : ''}`)
      .then(
        (answer) => current && setPage(answer),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    // The filter stays in the address, so a reload or a shared link shows the same events.
    const shown = queryOf(filter).toString();
    history.replaceState(null, '', `${location.pathname}${shown ? `?${shown}` : ''}`);
    return () => {
      current = false;
    };
  }, [query]);
  const apply = (next: AuditFilter) => {
    setCursor(undefined);
    setDraft(next);
    setFilter(next);
  };
  const filtered = Boolean(filter.type || filter.stream || filter.from || filter.to);
  const csvQuery = queryOf(filter);
  csvQuery.set('format', 'csv');
  // A plain link sends no X-Tenant-Id header: the chosen tenant goes in the query.
  const tenant = chosenTenant();
  if (tenant) csvQuery.set('tenant', tenant);
  const field = (key: keyof AuditFilter) => (event: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: event.currentTarget.value });
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t.title}</h2>
      <search>
        <form
          aria-label={t.filters}
          onSubmit={(event) => {
            event.preventDefault();
            apply({ ...draft, stream: draft.stream.trim() });
          }}
        >
          <p>
            <label>
              {t.type}{' '}
              <select name="type" value={draft.type} onChange={field('type')}>
                <option value="">{t.allTypes}</option>
                {commonEventTypes.map((type) => (
                  <option key={type} value={type}>
                    {eventWord(language, type)}
                  </option>
                ))}
                {draft.type && !commonEventTypes.includes(draft.type) && (
                  <option value={draft.type}>{eventWord(language, draft.type)}</option>
                )}
              </select>
            </label>{' '}
            <label>
              {t.stream}{' '}
              <input
                type="text"
                name="stream"
                maxLength={200}
                aria-describedby="audit-stream-hint"
                value={draft.stream}
                onInput={field('stream')}
              />
            </label>
          </p>
          <p id="audit-stream-hint">
            <small>{t.streamHint}</small>
          </p>
          <p>
            <label>
              {t.from} <input type="datetime-local" name="from" value={draft.from} onInput={field('from')} />
            </label>{' '}
            <label>
              {t.to} <input type="datetime-local" name="to" value={draft.to} onInput={field('to')} />
            </label>{' '}
            <button type="submit">{t.apply}</button>{' '}
            {filtered && (
              <button type="button" onClick={() => apply(noFilter)}>
                {t.clear}
              </button>
            )}
          </p>
        </form>
      </search>
      <p>
        <a href={`/api/v1/audit-log?${csvQuery.toString()}`} download="audit-log.csv">
          {t.csv}
        </a>
      </p>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !page && <p>{t.loading}</p>}
        {page && page.items.length === 0 && <p>{filtered ? t.emptyFiltered : t.empty}</p>}
        {page && page.items.length > 0 && (
          <AuditTable rows={page.items} language={language} caption={t.caption} withEntity={true} />
        )}
      </div>
      <PageButtons
        cursor={cursor}
        nextCursor={page?.nextCursor}
        loading={loading}
        onPage={setCursor}
        firstLabel={t.firstPage}
        nextLabel={t.nextPage}
      />
    </section>
  );
};

/** One entity's full history: the audit log of its stream, every page, oldest first. */
export const HistoryView = ({ language, params }: ViewProps) => {
  const stream = params.stream ?? '';
  // A new stream starts a new history (no pages of the previous one carried over).
  return <StreamHistory key={stream} stream={stream} language={language} />;
};

const StreamHistory = ({ stream, language }: { stream: string; language: Language }) => {
  const t = textsOf(texts, language);
  const entity = entityOf(stream, language);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const query = new URLSearchParams({ stream });
    if (cursor) query.set('cursor', cursor);
    api<ListPage<AuditRow>>('GET', `/api/v1/audit-log?${query.toString()}`)
      .then(
        (answer) => {
          if (!current) return;
          setRows((known) => (cursor ? [...known, ...answer.items] : answer.items));
          setNext(answer.nextCursor);
        },
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [stream, cursor]);
  const tags = useAssetTags(entity?.kind === 'device' ? [entity.id] : []);
  const names = usePersonNames(entity?.kind === 'person' ? [entity.id] : []);
  const label = entity ? (tags[entity.id] ?? names[entity.id] ?? entity.id) : stream;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{entity ? entity.history : `${t.otherHistory}: ${stream}`}</h2>
      <p>
        {entity && (
          <>
            <Link href={entity.href}>
              {t.openEntity}: {entity.word} {label}
            </Link>
            {' · '}
          </>
        )}
        <Link href="/audit-log">{t.allEvents}</Link>
      </p>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && rows.length === 0 && <p>{t.loading}</p>}
        {!loading && !error && rows.length === 0 && <p>{t.historyEmpty}</p>}
        {rows.length > 0 && (
          <AuditTable rows={rows} language={language} caption={t.historyCaption} withEntity={false} />
        )}
      </div>
      {next && (
        <p>
          <button type="button" disabled={loading} onClick={() => setCursor(next)}>
            {t.loadMore}
          </button>
        </p>
      )}
    </section>
  );
};

routes.push(
  {
    pattern: '/audit-log',
    view: AuditLogView,
    roles: historyReaders,
    menu: { en: 'Audit log', pl: 'Dziennik zdarzeń' },
  },
  { pattern: '/history/:stream', view: HistoryView, roles: historyReaders },
);
