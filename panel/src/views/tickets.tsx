import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, chosenTenant } from '../api.js';
import { navigate } from '../router.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { TicketCard } from './ticket-card.js';
import { NewTicket } from './ticket-form.js';
import { follow, holds, type TicketRow, ticketPriorities, ticketStatuses, wordFor } from './ticket-words.js';

const texts: Texts<
  | 'heading'
  | 'newTicket'
  | 'status'
  | 'priority'
  | 'any'
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
    any: 'any',
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
    any: 'dowolny',
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

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

const TicketList = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const f = formats(language);
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [rows, setRows] = useState<TicketRow[] | undefined>();
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const nameOf = usePeopleNames(me.roles, me);

  const load = async (cursor?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await api<{ items: TicketRow[]; nextCursor?: string }>(
        'GET',
        `/api/v1/tickets${query({ status, priority, cursor })}`,
      );
      setRows((before) => (cursor ? [...(before ?? []), ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem.message : String(problem));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    setRows(undefined);
    void load();
  }, [status, priority]);

  const csvHref = `/api/v1/tickets${query({ status, priority, format: 'csv', tenant: chosenTenant() })}`;
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
        <a href={csvHref} download>
          {t.csv}
        </a>
      </form>
      {error && <p role="alert">{error}</p>}
      {rows === undefined && !error && <p aria-busy="true">{t.loading}</p>}
      {rows?.length === 0 && <p role="status">{status || priority ? t.emptyFiltered : t.empty}</p>}
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
