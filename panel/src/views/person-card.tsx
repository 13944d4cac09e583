import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { translate } from '../i18n.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { afterWrite } from './accounts-words.js';
import { isNotFound, Link, messageOf, useAssetTags } from './directory.js';
import {
  type EditablePerson,
  ErasureSection,
  erasedOnText,
  mayChangeDetails,
  mayErase,
  PersonDetailsSection,
} from './person-forms.js';
import { personWord } from './person-words.js';
import { type ProcessRow, wordFor as processWord, progressText, titleIn } from './process-shared.js';
import { type TicketRow, wordFor as ticketWord } from './ticket-words.js';

/** GET /api/v1/people/{id}. */
interface PersonCard {
  person: EditablePerson & { email: string };
  devicesNow: string[];
  devicesEver: Array<{
    deviceId: string;
    periods: Array<{ from: string; until: string | null; endedBy: string | null }>;
  }>;
  accesses: Array<{
    access_id: string;
    system: string;
    monthly_cost: string | number;
    currency: string;
    granted_at: string;
    revoked_at: string | null;
  }>;
}

const texts: Texts<
  | 'loading'
  | 'email'
  | 'phone'
  | 'notes'
  | 'department'
  | 'costCentre'
  | 'status'
  | 'devices'
  | 'devicesCaption'
  | 'device'
  | 'from'
  | 'until'
  | 'stillHeld'
  | 'holdsNow'
  | 'yes'
  | 'no'
  | 'noDevices'
  | 'accesses'
  | 'accessesCaption'
  | 'system'
  | 'monthlyCost'
  | 'granted'
  | 'revoked'
  | 'active'
  | 'noAccesses'
  | 'tickets'
  | 'ticketsCaption'
  | 'ticketTitle'
  | 'priority'
  | 'ticketStatus'
  | 'opened'
  | 'noTickets'
  | 'moreTickets'
  | 'processes'
  | 'processesCaption'
  | 'process'
  | 'processStatus'
  | 'progress'
  | 'started'
  | 'noProcesses'
  | 'moreProcesses'
  | 'listFailed'
> = {
  en: {
    loading: 'Loading the person…',
    email: 'E-mail',
    phone: 'Phone',
    notes: 'Notes',
    department: 'Department',
    costCentre: 'Cost centre',
    status: 'Status',
    devices: 'Devices',
    devicesCaption: 'Devices the person holds now and held before, with each period',
    device: 'Device',
    from: 'From',
    until: 'Until',
    stillHeld: 'still holds it',
    holdsNow: 'Holds now',
    yes: 'Yes',
    no: 'No',
    noDevices: 'This person has never held a device.',
    accesses: 'Accesses',
    accessesCaption: 'Accounts and licences of the person',
    system: 'System',
    monthlyCost: 'Monthly cost',
    granted: 'Granted',
    revoked: 'Revoked',
    active: 'active',
    noAccesses: 'This person has no accesses.',
    tickets: 'Tickets',
    ticketsCaption: 'Tickets the person opened or had opened for them',
    ticketTitle: 'Title',
    priority: 'Priority',
    ticketStatus: 'Status',
    opened: 'Opened',
    noTickets: 'This person has no tickets.',
    moreTickets: 'Only the first {count} tickets are listed.',
    processes: 'Processes',
    processesCaption: 'Processes concerning the person (onboarding, offboarding, requests)',
    process: 'Process',
    processStatus: 'Status',
    progress: 'Steps done',
    started: 'Started',
    noProcesses: 'No process concerns this person.',
    moreProcesses: 'Only the first {count} processes are listed.',
    listFailed: 'Could not read this list: {reason}',
  },
  pl: {
    loading: 'Wczytywanie osoby…',
    email: 'E-mail',
    phone: 'Telefon',
    notes: 'Uwagi',
    department: 'Dział',
    costCentre: 'Centrum kosztów',
    status: 'Stan',
    devices: 'Urządzenia',
    devicesCaption: 'Urządzenia, które osoba ma teraz i miała wcześniej, z okresami',
    device: 'Urządzenie',
    from: 'Od',
    until: 'Do',
    stillHeld: 'nadal je ma',
    holdsNow: 'Ma teraz',
    yes: 'Tak',
    no: 'Nie',
    noDevices: 'Ta osoba nigdy nie miała urządzenia.',
    accesses: 'Dostępy',
    accessesCaption: 'Konta i licencje osoby',
    system: 'System',
    monthlyCost: 'Koszt miesięczny',
    granted: 'Przyznano',
    revoked: 'Odebrano',
    active: 'aktywny',
    noAccesses: 'Ta osoba nie ma dostępów.',
    tickets: 'Zgłoszenia',
    ticketsCaption: 'Zgłoszenia otwarte przez tę osobę lub dla niej',
    ticketTitle: 'Tytuł',
    priority: 'Priorytet',
    ticketStatus: 'Status',
    opened: 'Otwarte',
    noTickets: 'Ta osoba nie ma zgłoszeń.',
    moreTickets: 'Pokazano tylko pierwsze zgłoszenia ({count}).',
    processes: 'Procesy',
    processesCaption: 'Procesy dotyczące tej osoby (wdrożenie, odejście, wnioski)',
    process: 'Proces',
    processStatus: 'Stan',
    progress: 'Wykonane kroki',
    started: 'Rozpoczęto',
    noProcesses: 'Żaden proces nie dotyczy tej osoby.',
    moreProcesses: 'Pokazano tylko pierwsze procesy ({count}).',
    listFailed: 'Nie udało się wczytać tej listy: {reason}',
  },
};

interface Listed<Row> {
  rows?: Row[];
  more?: boolean;
  error?: string;
}

/**
 * A `tel:` address for a phone number as written: its leading + and digits only, since the separators people
 * write (spaces, `/`) are not all allowed in one (RFC 3966); the domain allows + only in front.
 */
const telOf = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

/** Reads the first page of a list about the person (their tickets, their processes). */
const usePersonList = <Row,>(path: string) => {
  const [list, setList] = useState<Listed<Row>>({});
  useEffect(() => {
    let current = true;
    setList({});
    api<{ items: Row[]; nextCursor?: string }>('GET', path).then(
      (page) => current && setList({ rows: page.items, more: Boolean(page.nextCursor) }),
      (problem: unknown) => current && setList({ error: messageOf(problem) }),
    );
    return () => {
      current = false;
    };
  }, [path]);
  return list;
};

/** A person card: who they are, the devices they hold and held, their accesses, tickets and processes. */
export const PersonCardView = ({ me, language, params }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const personId = params.personId ?? '';
  const [card, setCard] = useState<PersonCard | undefined>();
  const [state, setState] = useState<'loading' | 'shown' | 'notFound' | 'failed'>('loading');
  const [error, setError] = useState<string | undefined>();
  // The checkpoint of the last change made here: the card is read again once the read model has it.
  const [checkpoint, setCheckpoint] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    if (!checkpoint) setState('loading');
    api<PersonCard>('GET', afterWrite(`/api/v1/people/${encodeURIComponent(personId)}`, checkpoint)).then(
      (answer) => {
        if (!current) return;
        setCard(answer);
        setState('shown');
      },
      (problem: unknown) => {
        if (!current) return;
        setError(messageOf(problem));
        setState(isNotFound(problem) ? 'notFound' : 'failed');
      },
    );
    return () => {
      current = false;
    };
  }, [personId, checkpoint]);
  const tags = useAssetTags(card?.devicesEver.map((held) => held.deviceId) ?? []);
  const listLimit = 50;
  const tickets = usePersonList<TicketRow>(
    `/api/v1/tickets?requesterId=${encodeURIComponent(personId)}&limit=${listLimit}`,
  );
  const processes = usePersonList<ProcessRow>(
    `/api/v1/processes?personId=${encodeURIComponent(personId)}&limit=${listLimit}`,
  );
  if (state === 'notFound') return <p role="alert">{translate(language, 'notFound')}</p>;
  if (state === 'failed') return <p role="alert">{error}</p>;
  if (state === 'loading' || !card) return <p aria-busy="true">{t.loading}</p>;
  const { person } = card;
  const facts: Array<[string, ComponentChildren]> = [
    [t.email, person.email],
    [
      t.phone,
      person.phone ? (
        <a key="phone" href={telOf(person.phone)}>
          {person.phone}
        </a>
      ) : (
        '—'
      ),
    ],
    [t.department, person.department],
    [t.costCentre, person.cost_centre],
    [t.status, personWord(language, person.status)],
    // Free text keeps the lines it was written in.
    [t.notes, person.notes ? <span class="person-notes">{person.notes}</span> : '—'],
  ];
  const periods = card.devicesEver.flatMap((held) =>
    held.periods.map((period) => ({ deviceId: held.deviceId, ...period })),
  );
  return (
    <article aria-labelledby="person-title">
      <h2 id="person-title">{person.name}</h2>
      {person.erased_at && <p>{erasedOnText(language, format.date.format(new Date(person.erased_at)))}</p>}
      <dl>
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="person-devices-title">
        <h3 id="person-devices-title">{t.devices}</h3>
        {periods.length === 0 ? (
          <p>{t.noDevices}</p>
        ) : (
          <table>
            <caption>{t.devicesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.device}</th>
                <th scope="col">{t.from}</th>
                <th scope="col">{t.until}</th>
                <th scope="col">{t.holdsNow}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((period) => (
                <tr key={`${period.deviceId}-${period.from}`} data-held-device={period.deviceId}>
                  <th scope="row">
                    <Link href={`/devices/${period.deviceId}`}>
                      {tags[period.deviceId] ?? period.deviceId}
                    </Link>
                  </th>
                  <td>{format.dateTime.format(new Date(period.from))}</td>
                  <td>{period.until ? format.dateTime.format(new Date(period.until)) : t.stillHeld}</td>
                  <td>{period.until === null && card.devicesNow.includes(period.deviceId) ? t.yes : t.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="person-accesses-title">
        <h3 id="person-accesses-title">{t.accesses}</h3>
        {card.accesses.length === 0 ? (
          <p>{t.noAccesses}</p>
        ) : (
          <table>
            <caption>{t.accessesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.system}</th>
                <th scope="col">{t.monthlyCost}</th>
                <th scope="col">{t.granted}</th>
                <th scope="col">{t.revoked}</th>
              </tr>
            </thead>
            <tbody>
              {card.accesses.map((access) => (
                <tr key={access.access_id}>
                  <th scope="row">{access.system}</th>
                  <td>{format.money(Number(access.monthly_cost), access.currency)}</td>
                  <td>{format.date.format(new Date(access.granted_at))}</td>
                  <td>{access.revoked_at ? format.date.format(new Date(access.revoked_at)) : t.active}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="person-tickets-title" aria-busy={!tickets.rows && !tickets.error}>
        <h3 id="person-tickets-title">{t.tickets}</h3>
        {tickets.error && <p role="alert">{t.listFailed.replace('{reason}', tickets.error)}</p>}
        {tickets.rows?.length === 0 && <p>{t.noTickets}</p>}
        {tickets.rows && tickets.rows.length > 0 && (
          <table>
            <caption>{t.ticketsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.ticketTitle}</th>
                <th scope="col">{t.priority}</th>
                <th scope="col">{t.ticketStatus}</th>
                <th scope="col">{t.opened}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.rows.map((ticket) => (
                <tr key={ticket.ticket_id} data-person-ticket={ticket.ticket_id}>
                  <th scope="row">
                    <Link href={`/tickets/${ticket.ticket_id}`}>{ticket.title}</Link>
                  </th>
                  <td>{ticketWord(language, 'priority', ticket.priority)}</td>
                  <td>{ticketWord(language, 'status', ticket.status)}</td>
                  <td>{format.date.format(new Date(ticket.opened_at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tickets.more && <p>{t.moreTickets.replace('{count}', String(listLimit))}</p>}
      </section>
      <section aria-labelledby="person-processes-title" aria-busy={!processes.rows && !processes.error}>
        <h3 id="person-processes-title">{t.processes}</h3>
        {processes.error && <p role="alert">{t.listFailed.replace('{reason}', processes.error)}</p>}
        {processes.rows?.length === 0 && <p>{t.noProcesses}</p>}
        {processes.rows && processes.rows.length > 0 && (
          <table>
            <caption>{t.processesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.process}</th>
                <th scope="col">{t.processStatus}</th>
                <th scope="col">{t.progress}</th>
                <th scope="col">{t.started}</th>
              </tr>
            </thead>
            <tbody>
              {processes.rows.map((process) => (
                <tr key={process.process_id} data-person-process={process.process_id}>
                  <th scope="row">
                    <Link href={`/processes/${process.process_id}`}>{titleIn(language, process)}</Link>
                  </th>
                  <td>{processWord(language, process.status)}</td>
                  <td>{progressText(language, process.done_steps, process.total_steps)}</td>
                  <td>{format.date.format(new Date(process.started_at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {processes.more && <p>{t.moreProcesses.replace('{count}', String(listLimit))}</p>}
      </section>
      {mayChangeDetails(me, person) && (
        <PersonDetailsSection language={language} person={person} onChanged={setCheckpoint} />
      )}
      {mayErase(me, person) && (
        <ErasureSection language={language} person={person} onChanged={setCheckpoint} />
      )}
    </article>
  );
};
