import { useEffect, useRef, useState } from 'preact/hooks';
import { api, liveUrl } from '../api.js';
import { fill, type Language, type TextKey, translate } from '../i18n.js';
import { navigate } from '../router.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { deviceStatuses, deviceWord } from './device-words.js';
import { Link, messageOf } from './directory.js';
import { holds, ticketPriorities, wordFor } from './ticket-words.js';

/** The SLA states an open ticket can be in, in the order the dashboard shows them. */
const openSlaStates = ['on_track', 'at_risk', 'breached', 'paused'] as const;
type OpenSlaState = (typeof openSlaStates)[number];

/** GET /api/v1/dashboard. */
interface Dashboard {
  tickets: {
    total: number;
    bySlaState: Record<OpenSlaState, number>;
    byPriority: Record<string, Record<OpenSlaState, number>>;
  };
  runningProcesses: {
    total: number;
    latest: Array<{
      processId: string;
      titlePl: string;
      titleEn: string;
      doneSteps: number;
      totalSteps: number;
    }>;
  };
  decisionsWaiting: number;
  devicesByStatus: Record<string, number>;
  warrantiesEnding: number;
  /** Minor units per currency, never converted. */
  costs: { thisMonth: Record<string, number>; lastMonth: Record<string, number> };
}

/** GET /api/v1/decisions: the first decision waiting, to link to its process. */
interface Decision {
  process_id: string;
  step_key: string;
  title_pl: string;
  title_en: string;
  process_title_pl: string;
  process_title_en: string;
}

/** Who sees the dashboard; an employee gets their own links instead. */
export const dashboardRoles = ['client_manager', 'technician', 'msp_admin', 'auditor'];
const costReaders = ['client_manager', 'msp_admin', 'auditor'];
const ticketOpeners = ['employee', 'client_manager'];

const texts: Texts<
  | 'ticketsTitle'
  | 'ticketsCaption'
  | 'priority'
  | 'total'
  | 'noTickets'
  | 'ticketsLink'
  | 'countLink'
  | 'processesTitle'
  | 'processProgress'
  | 'noProcesses'
  | 'allProcesses'
  | 'decisionsTitle'
  | 'noDecisions'
  | 'firstDecision'
  | 'decisionsCount'
  | 'devicesTitle'
  | 'devicesCaption'
  | 'state'
  | 'count'
  | 'noDevices'
  | 'warrantiesTitle'
  | 'warrantiesCount'
  | 'noWarranties'
  | 'replacementPlan'
  | 'costsTitle'
  | 'costsCaption'
  | 'currency'
  | 'thisMonth'
  | 'lastMonth'
  | 'difference'
  | 'up'
  | 'down'
  | 'same'
  | 'noCosts'
  | 'costReport'
  | 'homeTitle'
  | 'homeIntro'
  | 'myTickets'
  | 'myDevices'
  | 'openTicket'
  | 'noRole'
> = {
  en: {
    ticketsTitle: 'Open tickets by priority and SLA',
    ticketsCaption:
      'Open tickets by priority (rows) and SLA state (columns); each number opens those tickets',
    priority: 'Priority',
    total: 'Total',
    noTickets: 'No open tickets: nothing waits for the IT team right now.',
    ticketsLink: 'All tickets',
    countLink: '{count} tickets, {priority}, {state}',
    processesTitle: 'Running processes',
    processProgress: '{title}: {done} of {total} steps done',
    noProcesses: 'No process is running. Onboardings, offboardings and requests appear here once started.',
    allProcesses: 'All {count} running processes',
    decisionsTitle: 'Decisions waiting for you',
    noDecisions: 'No decision waits for you.',
    firstDecision: 'The oldest: {step} ({process})',
    decisionsCount: '{count} decisions wait in the processes',
    devicesTitle: 'Devices by state',
    devicesCaption: 'Devices by state; each number opens those devices',
    state: 'State',
    count: 'Devices',
    noDevices: 'No devices registered yet.',
    warrantiesTitle: 'Warranties ending',
    warrantiesCount: 'Devices in use whose warranty ends within 90 days: {count}',
    noWarranties: 'No warranty of a device in use ends within 90 days.',
    replacementPlan: 'See the replacement plan',
    costsTitle: 'Costs: this month and last month',
    costsCaption: 'Costs per currency, this month against last month',
    currency: 'Currency',
    thisMonth: 'This month',
    lastMonth: 'Last month',
    difference: 'Difference',
    up: 'up by {amount}',
    down: 'down by {amount}',
    same: 'no change',
    noCosts: 'No costs recorded this month or last month.',
    costReport: 'See the cost report',
    homeTitle: 'Your IT',
    homeIntro: 'What would you like to do?',
    myTickets: 'My tickets',
    myDevices: 'My devices',
    openTicket: 'Open a ticket',
    noRole: 'Your role has no dashboard here.',
  },
  pl: {
    ticketsTitle: 'Otwarte zgłoszenia według priorytetu i SLA',
    ticketsCaption:
      'Otwarte zgłoszenia według priorytetu (wiersze) i stanu SLA (kolumny); każda liczba otwiera te zgłoszenia',
    priority: 'Priorytet',
    total: 'Razem',
    noTickets: 'Brak otwartych zgłoszeń: nic nie czeka teraz na zespół IT.',
    ticketsLink: 'Wszystkie zgłoszenia',
    countLink: 'Zgłoszenia: {count}, {priority}, {state}',
    processesTitle: 'Trwające procesy',
    processProgress: '{title}: wykonano {done} z {total} kroków',
    noProcesses: 'Żaden proces nie trwa. Wdrożenia, odejścia i wnioski pojawią się tu po rozpoczęciu.',
    allProcesses: 'Wszystkie trwające procesy ({count})',
    decisionsTitle: 'Decyzje czekające na Ciebie',
    noDecisions: 'Żadna decyzja na Ciebie nie czeka.',
    firstDecision: 'Najstarsza: {step} ({process})',
    decisionsCount: 'Decyzje czekające w procesach: {count}',
    devicesTitle: 'Urządzenia według stanu',
    devicesCaption: 'Urządzenia według stanu; każda liczba otwiera te urządzenia',
    state: 'Stan',
    count: 'Urządzenia',
    noDevices: 'Nie zarejestrowano jeszcze urządzeń.',
    warrantiesTitle: 'Kończące się gwarancje',
    warrantiesCount: 'Używane urządzenia, którym gwarancja kończy się w ciągu 90 dni: {count}',
    noWarranties: 'Żadnemu używanemu urządzeniu gwarancja nie kończy się w ciągu 90 dni.',
    replacementPlan: 'Zobacz plan wymiany',
    costsTitle: 'Koszty: ten miesiąc i poprzedni',
    costsCaption: 'Koszty w każdej walucie, ten miesiąc wobec poprzedniego',
    currency: 'Waluta',
    thisMonth: 'Ten miesiąc',
    lastMonth: 'Poprzedni miesiąc',
    difference: 'Różnica',
    up: 'więcej o {amount}',
    down: 'mniej o {amount}',
    same: 'bez zmian',
    noCosts: 'Brak kosztów w tym i w poprzednim miesiącu.',
    costReport: 'Zobacz raport kosztów',
    homeTitle: 'Twoje IT',
    homeIntro: 'Co chcesz zrobić?',
    myTickets: 'Moje zgłoszenia',
    myDevices: 'Moje urządzenia',
    openTicket: 'Otwórz zgłoszenie',
    noRole: 'Twoja rola nie ma tu pulpitu.',
  },
};

/**
 * Calls `reload(checkpoint)` whenever the server says one of the topic's read models changed (SSE,
 * `GET /api/v1/live?topics=<topic>`), for as long as the view is shown; the view then re-reads with
 * `?after=<checkpoint>`.
 */
export const useLiveUpdates = (topic: string, reload: (checkpoint: string) => void) => {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    const live = new EventSource(liveUrl(`/api/v1/live?topics=${encodeURIComponent(topic)}`));
    live.addEventListener('update', (event) => {
      const { checkpoint } = JSON.parse((event as MessageEvent<string>).data) as { checkpoint: string };
      latest.current(checkpoint);
    });
    return () => live.close();
  }, [topic]);
};

/**
 * Reads `path` now and again on every live update of `topic` (with `?after=`); only the newest answer
 * is kept, so a slow earlier answer never overwrites a later one.
 */
const useLiveRead = <T,>(path: string, topic: string) => {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const asked = useRef(0);
  const load = (after?: string) => {
    asked.current += 1;
    const mine = asked.current;
    const joiner = path.includes('?') ? '&' : '?';
    api<T>('GET', `${path}${after ? `${joiner}after=${encodeURIComponent(after)}` : ''}`).then(
      (answer) => {
        if (mine !== asked.current) return;
        setValue(answer);
        setError(undefined);
      },
      (problem: unknown) => mine === asked.current && setError(messageOf(problem)),
    );
  };
  useEffect(() => load(), [path]);
  useLiveUpdates(topic, load);
  return { value, error };
};

const TicketsTable = ({ dashboard, language }: { dashboard: Dashboard; language: Language }) => {
  const t = textsOf(texts, language);
  const { number } = formats(language);
  const { tickets } = dashboard;
  return (
    <section aria-labelledby="dashboard-tickets" data-section="tickets">
      <h3 id="dashboard-tickets">{t.ticketsTitle}</h3>
      {tickets.total === 0 ? (
        <p>{t.noTickets}</p>
      ) : (
        <table>
          <caption>{t.ticketsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.priority}</th>
              {openSlaStates.map((state) => (
                <th key={state} scope="col">
                  {wordFor(language, 'sla', state)}
                </th>
              ))}
              <th scope="col">{t.total}</th>
            </tr>
          </thead>
          <tbody>
            {ticketPriorities.map((priority) => {
              const counts = tickets.byPriority[priority];
              const rowTotal = openSlaStates.reduce((sum, state) => sum + (counts?.[state] ?? 0), 0);
              return (
                <tr key={priority} data-priority={priority}>
                  <th scope="row">{wordFor(language, 'priority', priority)}</th>
                  {openSlaStates.map((state) => {
                    const count = counts?.[state] ?? 0;
                    const href = `/tickets?${new URLSearchParams({ status: 'open', priority, slaState: state }).toString()}`;
                    return (
                      <td key={state} data-sla-state={state}>
                        {count === 0 ? (
                          number.format(0)
                        ) : (
                          <a
                            href={href}
                            aria-label={fill(t.countLink, {
                              count: number.format(count),
                              priority: wordFor(language, 'priority', priority),
                              state: wordFor(language, 'sla', state),
                            })}
                            onClick={(event) => {
                              event.preventDefault();
                              navigate(href);
                            }}
                          >
                            {number.format(count)}
                          </a>
                        )}
                      </td>
                    );
                  })}
                  <td data-sla-state="total">{number.format(rowTotal)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              {openSlaStates.map((state) => (
                <td key={state}>{number.format(tickets.bySlaState[state] ?? 0)}</td>
              ))}
              <td>{number.format(tickets.total)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p>
        <Link href="/tickets">{t.ticketsLink}</Link>
      </p>
    </section>
  );
};

const Processes = ({ dashboard, language }: { dashboard: Dashboard; language: Language }) => {
  const t = textsOf(texts, language);
  const { number } = formats(language);
  const { runningProcesses } = dashboard;
  return (
    <section aria-labelledby="dashboard-processes" data-section="processes">
      <h3 id="dashboard-processes">{t.processesTitle}</h3>
      {runningProcesses.total === 0 ? (
        <p>{t.noProcesses}</p>
      ) : (
        <>
          <ul>
            {runningProcesses.latest.map((process) => {
              const title = language === 'pl' ? process.titlePl : process.titleEn;
              const label = fill(t.processProgress, {
                title,
                done: number.format(process.doneSteps),
                total: number.format(process.totalSteps),
              });
              return (
                <li key={process.processId} data-process-id={process.processId}>
                  <Link href={`/processes/${process.processId}`}>{title}</Link>{' '}
                  <progress
                    value={process.doneSteps}
                    max={Math.max(process.totalSteps, 1)}
                    aria-label={label}
                  >
                    {label}
                  </progress>{' '}
                  <span>
                    {number.format(process.doneSteps)} / {number.format(process.totalSteps)}
                  </span>
                </li>
              );
            })}
          </ul>
          <p>
            <Link href="/processes">
              {fill(t.allProcesses, { count: number.format(runningProcesses.total) })}
            </Link>
          </p>
        </>
      )}
    </section>
  );
};

const Decisions = ({
  dashboard,
  first,
  language,
}: {
  dashboard: Dashboard;
  first: Decision | undefined;
  language: Language;
}) => {
  const t = textsOf(texts, language);
  const { number } = formats(language);
  return (
    <section aria-labelledby="dashboard-decisions" data-section="decisions">
      <h3 id="dashboard-decisions">{t.decisionsTitle}</h3>
      {dashboard.decisionsWaiting === 0 ? (
        <p>{t.noDecisions}</p>
      ) : (
        <>
          <p>
            <Link href="/processes">
              {fill(t.decisionsCount, { count: number.format(dashboard.decisionsWaiting) })}
            </Link>
          </p>
          {first && (
            <p>
              <Link href={`/processes/${first.process_id}`}>
                {fill(t.firstDecision, {
                  step: language === 'pl' ? first.title_pl : first.title_en,
                  process: language === 'pl' ? first.process_title_pl : first.process_title_en,
                })}
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
};

const Devices = ({ dashboard, language }: { dashboard: Dashboard; language: Language }) => {
  const t = textsOf(texts, language);
  const { number } = formats(language);
  const statuses = [
    ...deviceStatuses,
    ...Object.keys(dashboard.devicesByStatus).filter(
      (status) => !(deviceStatuses as readonly string[]).includes(status),
    ),
  ].filter((status) => (dashboard.devicesByStatus[status] ?? 0) > 0);
  return (
    <section aria-labelledby="dashboard-devices" data-section="devices">
      <h3 id="dashboard-devices">{t.devicesTitle}</h3>
      {statuses.length === 0 ? (
        <p>{t.noDevices}</p>
      ) : (
        <table>
          <caption>{t.devicesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.state}</th>
              <th scope="col">{t.count}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((status) => (
              <tr key={status} data-device-status={status}>
                <th scope="row">{deviceWord(language, status)}</th>
                <td>
                  <Link href={`/devices?status=${encodeURIComponent(status)}`}>
                    {number.format(dashboard.devicesByStatus[status] ?? 0)}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 id="dashboard-warranties">{t.warrantiesTitle}</h3>
      <p data-section="warranties">
        {dashboard.warrantiesEnding === 0
          ? t.noWarranties
          : fill(t.warrantiesCount, { count: number.format(dashboard.warrantiesEnding) })}{' '}
        <Link href="/replacement-plan">{t.replacementPlan}</Link>
      </p>
    </section>
  );
};

const Costs = ({
  dashboard,
  me,
  language,
}: {
  dashboard: Dashboard;
  me: ViewProps['me'];
  language: Language;
}) => {
  const t = textsOf(texts, language);
  const { money } = formats(language);
  const { thisMonth, lastMonth } = dashboard.costs;
  const currencies = [...new Set([...Object.keys(thisMonth), ...Object.keys(lastMonth)])].sort();
  return (
    <section aria-labelledby="dashboard-costs" data-section="costs">
      <h3 id="dashboard-costs">{t.costsTitle}</h3>
      {currencies.length === 0 ? (
        <p>{t.noCosts}</p>
      ) : (
        <table>
          <caption>{t.costsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.currency}</th>
              <th scope="col">{t.thisMonth}</th>
              <th scope="col">{t.lastMonth}</th>
              <th scope="col">{t.difference}</th>
            </tr>
          </thead>
          <tbody>
            {currencies.map((currency) => {
              const now = thisMonth[currency] ?? 0;
              const before = lastMonth[currency] ?? 0;
              const change = now - before;
              const words =
                change === 0
                  ? t.same
                  : fill(change > 0 ? t.up : t.down, { amount: money(Math.abs(change), currency) });
              return (
                <tr key={currency} data-currency={currency}>
                  <th scope="row">{currency}</th>
                  <td data-cell="thisMonth">{money(now, currency)}</td>
                  <td data-cell="lastMonth">{money(before, currency)}</td>
                  <td data-cell="difference" data-change={change > 0 ? 'up' : change < 0 ? 'down' : 'same'}>
                    {words}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {holds(me.roles, costReaders) && (
        <p>
          <Link href="/costs">{t.costReport}</Link>
        </p>
      )}
    </section>
  );
};

/** The status page of the company: tickets, processes, decisions, devices and costs, kept up to date live. */
export const DashboardView = ({ me, language }: ViewProps) => {
  const say = (key: TextKey) => translate(language, key);
  const { number } = formats(language);
  const { value: dashboard, error } = useLiveRead<Dashboard>('/api/v1/dashboard', 'dashboard');
  const { value: decisions } = useLiveRead<{ items: Decision[] }>('/api/v1/decisions?limit=1', 'processes');
  if (error && !dashboard) return <p role="alert">{error}</p>;
  if (!dashboard) return <p aria-busy="true">{say('loading')}</p>;
  const tiles: Array<[TextKey, number]> = [
    ['openTickets', dashboard.tickets.total],
    ['runningProcesses', dashboard.runningProcesses.total],
    ['decisionsWaiting', dashboard.decisionsWaiting],
    ['warrantiesEnding', dashboard.warrantiesEnding],
  ];
  return (
    <section aria-labelledby="dashboard-title" class="dashboard">
      <h2 id="dashboard-title">{say('dashboard')}</h2>
      {error && <p role="alert">{error}</p>}
      <dl>
        {tiles.map(([key, value]) => (
          <div key={key} data-tile={key}>
            <dt>{say(key)}</dt>
            <dd>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
      <TicketsTable dashboard={dashboard} language={language} />
      <Processes dashboard={dashboard} language={language} />
      <Decisions dashboard={dashboard} first={decisions?.items[0]} language={language} />
      <Devices dashboard={dashboard} language={language} />
      <Costs dashboard={dashboard} me={me} language={language} />
    </section>
  );
};

/** An employee's start page: links to their own tickets and devices, and to open a ticket. */
const EmployeeHome = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const links: Array<[string, string]> = [
    ['/tickets', t.myTickets],
    ['/devices', t.myDevices],
    ...(holds(me.roles, ticketOpeners) ? [['/tickets/new', t.openTicket] as [string, string]] : []),
  ];
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">{t.homeTitle}</h2>
      <p>{t.homeIntro}</p>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <Link href={href}>{label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
};

/** The page at `/`: the dashboard for the roles that run or oversee the IT, an employee's links otherwise. */
export const HomeView = (props: ViewProps) => {
  const t = textsOf(texts, props.language);
  if (holds(props.me.roles, dashboardRoles)) return <DashboardView {...props} />;
  if (props.me.roles.includes('employee')) return <EmployeeHome {...props} />;
  return <p>{t.noRole}</p>;
};
