import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, chosenTenant } from '../api.js';
import { navigate } from '../router.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { useLiveUpdates } from './dashboard.js';
import { TicketCard } from './ticket-card.js';
import { NewTicket } from './ticket-form.js';
import { follow, holds, type TicketRow, ticketPriorities, ticketStatuses, wordFor } from './ticket-words.js';

const texts: Texts<
  | 'heading'
  | 'newTicket'
  | 'status'
  | 'priority'
  | 'slaState'
  | 'any'
  | 'open'
  | 'title'
  | 'sla'
  | 'requester'
  | 'assignee'
  | 'opened'
  | 'nobody'
  | 'you'
  | 'more'
  | 'loading'
  | 'empty'
  | 'emptyFiltered'
  | 'csv'
  | 'caption'
> = {
  en: {
    heading: 'Tickets',
    newTicket: 'New ticket',
    status: 'Status',
    priority: 'Priority',
    slaState: 'SLA state',
    any: 'any',
    open: 'open (not resolved or closed)',
    title: 'Title',
    sla: 'SLA',
    requester: 'Requester',
    assignee: 'Assignee',
    opened: 'Opened',
    nobody: 'not assigned yet',
    you: 'you',
    more: 'Show more tickets',
    loading: 'Loading tickets…',
    empty: 'No tickets yet. Something not working? Open a new ticket.',
    emptyFiltered: 'No ticket matches these filters. Set a filter back to "any" to see more.',
    csv: 'Download as CSV',
    caption: 'Tickets, the most urgent first',
  },
  pl: {
    heading: 'Zgłoszenia',
    newTicket: 'Nowe zgłoszenie',
    status: 'Status',
    priority: 'Priorytet',
    slaState: 'Stan SLA',
    any: 'dowolny',
    open: 'otwarte (nierozwiązane i niezamknięte)',
    title: 'Tytuł',
    sla: 'SLA',
    requester: 'Zgłaszający',
    assignee: 'Przypisane do',
    opened: 'Otwarte',
    nobody: 'jeszcze nieprzypisane',
    you: 'Ty',
    more: 'Pokaż więcej zgłoszeń',
    loading: 'Wczytywanie zgłoszeń…',
    empty: 'Nie ma jeszcze zgłoszeń. Coś nie działa? Otwórz nowe zgłoszenie.',
    emptyFiltered: 'Żadne zgłoszenie nie pasuje do filtrów. Ustaw filtr na „dowolny”, aby zobaczyć więcej.',
    csv: 'Pobierz jako CSV',
    caption: 'Zgłoszenia, najpilniejsze najpierw',
  },
};

/** Who may open a ticket from the panel: an employee for themselves, a client manager for anyone. */
export const ticketOpeners = ['employee', 'client_manager'];

interface PeoplePage {
  items: Array<{ person_id: string; name: string }>;
}

/** Names of the tenant's people, for roles that may list them (an employee sees only their own tickets). */
export const usePeopleNames = (roles: readonly string[], me: ViewProps['me']) => {
  const [names, setNames] = useState<Record<string, string>>({});
  const mayList = holds(roles, ['client_manager', 'technician', 'msp_admin', 'auditor']);
  useEffect(() => {
    if (!mayList) return;
    api<PeoplePage>('GET', '/api/v1/people?limit=500').then(
      (page) => setNames(Object.fromEntries(page.items.map((p) => [p.person_id, p.name]))),
      () => undefined,
    );
  }, [mayList]);
  return (personId: string) => names[personId] ?? (mayList ? personId.slice(0, 8) : me.displayName);
};

/** The SLA states the list filters by (GET /tickets `slaState`). */
const slaStates = ['on_track', 'at_risk', 'breached', 'paused', 'met'] as const;

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

const TicketList = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const f = formats(language);
  // The filters start from the address (e.g. a dashboard link `?priority=P1&slaState=at_risk`).
  const initial = new URLSearchParams(location.search);
  const known = (value: string | null, allowed: readonly string[]) =>
    value && allowed.includes(value) ? value : '';
  // `open` stands for every status but resolved and closed.
  const [status, setStatus] = useState(() => known(initial.get('status'), ['open', ...ticketStatuses]));
  const [priority, setPriority] = useState(() => known(initial.get('priority'), ticketPriorities));
  const [slaState, setSlaState] = useState(() => known(initial.get('slaState'), slaStates));
  const [rows, setRows] = useState<TicketRow[] | undefined>();
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const nameOf = usePeopleNames(me.roles, me);

  const asked = useRef(0);
  /** Reads a page; with `after` (a live update), reads as many rows again as are shown. */
  const load = async (cursor?: string, after?: string) => {
    asked.current += 1;
    const mine = asked.current;
    setBusy(true);
    setError(undefined);
    const limit = after && rows && rows.length > 50 ? String(Math.min(rows.length, 500)) : undefined;
    try {
      const page = await api<{ items: TicketRow[]; nextCursor?: string }>(
        'GET',
        `/api/v1/tickets${query({ status, priority, slaState, cursor, limit, after })}`,
      );
      if (mine !== asked.current) return;
      setRows((before) => (cursor ? [...(before ?? []), ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (problem) {
      if (mine === asked.current) setError(problem instanceof ApiProblem ? problem.message : String(problem));
    } finally {
      if (mine === asked.current) setBusy(false);
    }
  };
  useEffect(() => {
    setRows(undefined);
    void load();
    // The filters stay in the address, so a reload or a shared link shows the same list.
    history.replaceState(null, '', `${location.pathname}${query({ status, priority, slaState })}`);
  }, [status, priority, slaState]);
  // Live: a ticket opened or changed elsewhere shows without a reload.
  useLiveUpdates('tickets', (checkpoint) => void load(undefined, checkpoint));

  const csvHref = `/api/v1/tickets${query({ status, priority, slaState, format: 'csv', tenant: chosenTenant() })}`;
  return (
    <section aria-labelledby="tickets-title">
      <h2 id="tickets-title">{t.heading}</h2>
      {holds(me.roles, ticketOpeners) && (
        <p>
          <a href="/tickets/new" onClick={follow(navigate, '/tickets/new')}>
            {t.newTicket}
          </a>
        </p>
      )}
      <form aria-label={t.heading} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t.status}{' '}
          <select value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t.any}</option>
            <option value="open">{t.open}</option>
            {ticketStatuses.map((code) => (
              <option key={code} value={code}>
                {wordFor(language, 'status', code)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t.priority}{' '}
          <select
            value={priority}
            onChange={(e) => setPriority((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t.any}</option>
            {ticketPriorities.map((code) => (
              <option key={code} value={code}>
                {wordFor(language, 'priority', code)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t.slaState}{' '}
          <select
            value={slaState}
            onChange={(e) => setSlaState((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t.any}</option>
            {slaStates.map((code) => (
              <option key={code} value={code}>
                {wordFor(language, 'sla', code)}
              </option>
            ))}
          </select>
        </label>{' '}
        <a href={csvHref} download>
          {t.csv}
        </a>
      </form>
      {error && <p role="alert">{error}</p>}
      {rows === undefined && !error && <p aria-busy="true">{t.loading}</p>}
      {rows?.length === 0 && (
        <p role="status">{status || priority || slaState ? t.emptyFiltered : t.empty}</p>
      )}
      {rows && rows.length > 0 && (
        <table aria-busy={busy}>
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.title}</th>
              <th scope="col">{t.priority}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.sla}</th>
              <th scope="col">{t.requester}</th>
              <th scope="col">{t.assignee}</th>
              <th scope="col">{t.opened}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.ticket_id} data-ticket={row.ticket_id}>
                <th scope="row">
                  <a
                    href={`/tickets/${row.ticket_id}`}
                    onClick={follow(navigate, `/tickets/${row.ticket_id}`)}
                  >
                    {row.title}
                  </a>
                </th>
                <td>{wordFor(language, 'priority', row.priority)}</td>
                <td>{wordFor(language, 'status', row.status)}</td>
                <td>{wordFor(language, 'sla', row.slaState)}</td>
                <td>{nameOf(row.requester_id)}</td>
                <td>
                  {row.assignee_id === null
                    ? t.nobody
                    : row.assignee_id === me.accountId
                      ? t.you
                      : row.assignee_id.slice(0, 8)}
                </td>
                <td>{f.date.format(new Date(row.opened_at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <p>
          <button type="button" disabled={busy} onClick={() => void load(nextCursor)}>
            {t.more}
          </button>
        </p>
      )}
    </section>
  );
};

const everyone = ['employee', 'client_manager', 'technician', 'msp_admin', 'auditor'];
// `/tickets/new` before `/tickets/:ticketId`: the first matching route wins.
routes.push(
  { pattern: '/tickets', view: TicketList, roles: everyone, menu: { en: 'Tickets', pl: 'Zgłoszenia' } },
  { pattern: '/tickets/new', view: NewTicket, roles: ticketOpeners },
  { pattern: '/tickets/:ticketId', view: TicketCard, roles: everyone },
);
