import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { ProcessCardView } from './process-card.js';
import {
  afterQuery,
  linkTo,
  type ProcessPage,
  type ProcessRow,
  processWords,
  progressText,
  titleIn,
  usePeopleNames,
  useProcessUpdates,
  wordFor,
} from './process-shared.js';
import { StartProcessView, starterRoles } from './start-process.js';

const texts: Texts<
  | 'heading'
  | 'status'
  | 'all'
  | 'title'
  | 'kind'
  | 'progress'
  | 'person'
  | 'started'
  | 'loading'
  | 'more'
  | 'empty'
  | 'emptyStarter'
  | 'start'
  | 'count'
> = {
  en: {
    heading: 'Processes',
    status: 'Status',
    all: 'All',
    title: 'Process',
    kind: 'Kind',
    progress: 'Steps done',
    person: 'Person',
    started: 'Started',
    loading: 'Loading processes…',
    more: 'Show more processes',
    empty: 'No processes here yet. Choose another status, or ask your manager to start one.',
    emptyStarter: 'No processes here yet. Choose another status, or start a process.',
    start: 'Start a process',
    count: 'Processes shown: {count}',
  },
  pl: {
    heading: 'Procesy',
    status: 'Status',
    all: 'Wszystkie',
    title: 'Proces',
    kind: 'Rodzaj',
    progress: 'Wykonane kroki',
    person: 'Osoba',
    started: 'Rozpoczęty',
    loading: 'Wczytywanie procesów…',
    more: 'Pokaż więcej procesów',
    empty: 'Nie ma tu jeszcze procesów. Wybierz inny status albo poproś przełożonego o rozpoczęcie procesu.',
    emptyStarter: 'Nie ma tu jeszcze procesów. Wybierz inny status albo rozpocznij proces.',
    start: 'Rozpocznij proces',
    count: 'Wyświetlone procesy: {count}',
  },
};

const statuses = ['running', 'completed', 'rejected', 'cancelled'] as const;
const pageSize = 25;
const everyone = ['client_manager', 'technician', 'msp_admin', 'auditor', 'employee'] as const;
/** The tenant's processes (an employee's own only), newest first, with a status filter and more pages. */
export const ProcessesView = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<ProcessRow[] | undefined>();
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const names = usePeopleNames(me.roles);
  const mayStart = me.roles.some((role) => starterRoles.includes(role));

  const read = async (options: { cursor?: string; limit?: number; after?: string }) => {
    const query = new URLSearchParams({ limit: String(options.limit ?? pageSize) });
    if (status) query.set('status', status);
    if (options.cursor) query.set('cursor', options.cursor);
    return api<ProcessPage>('GET', `/api/v1/processes?${query}${afterQuery(options.after, '&')}`);
  };
  const show = (load: Promise<ProcessPage>, append: boolean) => {
    setBusy(true);
    setError(undefined);
    load
      .then(
        (page) => {
          setRows((shown) => (append ? [...(shown ?? []), ...page.items] : page.items));
          setNextCursor(page.nextCursor);
        },
        (problem: unknown) => setError(problem instanceof Error ? problem.message : String(problem)),
      )
      .finally(() => setBusy(false));
  };
  useEffect(() => {
    setRows(undefined);
    show(read({}), false);
  }, [status]);
  // Live: read again as many rows as are shown, so progress and statuses follow the IT team's work.
  useProcessUpdates((after) => {
    show(read({ after, limit: Math.min(Math.max(rows?.length ?? 0, pageSize), 500) }), false);
  });

  const personName = (personId: string | null) => {
    if (!personId) return '—';
    if (me.roles.length === 1 && me.roles[0] === 'employee') return processWords[language].you;
    return names.get(personId) ?? personId;
  };

  return (
    <section aria-labelledby="processes-title">
      <h2 id="processes-title">{t.heading}</h2>
      {mayStart && (
        <p>
          <a {...linkTo('/processes/new')}>{t.start}</a>
        </p>
      )}
      <p>
        <label>
          {t.status}{' '}
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
            <option value="">{t.all}</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {wordFor(language, value)}
              </option>
            ))}
          </select>
        </label>
      </p>
      {error && <p role="alert">{error}</p>}
      {rows === undefined && !error && <p aria-busy="true">{t.loading}</p>}
      {rows !== undefined && rows.length === 0 && <p>{mayStart ? t.emptyStarter : t.empty}</p>}
      {rows !== undefined && rows.length > 0 && (
        <table aria-busy={busy ? 'true' : 'false'}>
          <caption>{t.count.replace('{count}', format.number.format(rows.length))}</caption>
          <thead>
            <tr>
              <th scope="col">{t.title}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.progress}</th>
              <th scope="col">{t.person}</th>
              <th scope="col">{t.started}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.process_id} data-process-id={row.process_id}>
                <th scope="row">
                  <a {...linkTo(`/processes/${row.process_id}`)}>{titleIn(language, row)}</a>
                </th>
                <td>{wordFor(language, row.scenario_kind)}</td>
                <td>{wordFor(language, row.status)}</td>
                <td>{progressText(language, row.done_steps, row.total_steps)}</td>
                <td>{personName(row.person_id)}</td>
                <td>{format.date.format(new Date(row.started_at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && rows && (
        <button type="button" disabled={busy} onClick={() => show(read({ cursor: nextCursor }), true)}>
          {t.more}
        </button>
      )}
    </section>
  );
};

// `/processes/new` before `/processes/:processId`, which would match it too.
routes.push(
  { pattern: '/processes', view: ProcessesView, roles: everyone, menu: { en: 'Processes', pl: 'Procesy' } },
  { pattern: '/processes/new', view: StartProcessView, roles: starterRoles },
  { pattern: '/processes/:processId', view: ProcessCardView, roles: everyone },
);
