import { useEffect, useRef, useState } from 'preact/hooks';
import { api, chooseTenant, chosenTenant } from '../api.js';
import { navigate } from '../router.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { useLiveUpdates } from './dashboard.js';
import { afterQuery, wordFor as processWord, titleIn } from './process-shared.js';
import { wordFor } from './ticket-words.js';

/** One item of GET /api/v1/queue (projections/queue/queue.queries.ts). */
interface QueueItem {
  kind: 'task' | 'ticket';
  tenantId: string;
  tenantName: string;
  assigneeId: string | null;
  dueAt: string | null;
  since: string;
  status: string;
  processId?: string;
  stepKey?: string;
  titlePl?: string;
  titleEn?: string;
  processTitlePl?: string;
  processTitleEn?: string;
  scenarioKind?: string;
  ticketId?: string;
  title?: string;
  priority?: string;
  slaState?: string;
}

const texts: Texts<
  | 'heading'
  | 'intro'
  | 'onlyMine'
  | 'caption'
  | 'company'
  | 'what'
  | 'item'
  | 'state'
  | 'due'
  | 'who'
  | 'task'
  | 'ticket'
  | 'you'
  | 'nobody'
  | 'someoneElse'
  | 'noDate'
  | 'pending'
  | 'in_progress'
  | 'loading'
  | 'empty'
  | 'emptyMine'
  | 'live'
> = {
  en: {
    heading: 'My queue',
    intro:
      'Tasks and tickets of every company you serve, the most urgent first. Open one to work on it; the company switches with it.',
    onlyMine: 'Only what I took up or was assigned',
    caption: 'Work waiting for the IT team, the most urgent first',
    company: 'Company',
    what: 'Kind',
    item: 'Task or ticket',
    state: 'State',
    due: 'Due',
    who: 'Who has it',
    task: 'Process task',
    ticket: 'Ticket',
    you: 'you',
    nobody: 'nobody yet',
    someoneElse: 'someone else',
    noDate: 'no date',
    pending: 'To do',
    in_progress: 'In progress',
    loading: 'Loading your queue…',
    empty: 'Nothing waits for the IT team in any of your companies. New tickets and tasks will appear here.',
    emptyMine: 'You have taken nothing up. Clear the filter to see what nobody has yet.',
    live: 'This list updates itself.',
  },
  pl: {
    heading: 'Moja kolejka',
    intro:
      'Zadania i zgłoszenia wszystkich obsługiwanych firm, najpilniejsze najpierw. Otwórz pozycję, aby nad nią pracować; firma przełączy się razem z nią.',
    onlyMine: 'Tylko podjęte przeze mnie lub mi przypisane',
    caption: 'Praca czekająca na zespół IT, najpilniejsza najpierw',
    company: 'Firma',
    what: 'Rodzaj',
    item: 'Zadanie lub zgłoszenie',
    state: 'Stan',
    due: 'Termin',
    who: 'Kto się zajmuje',
    task: 'Zadanie procesu',
    ticket: 'Zgłoszenie',
    you: 'Ty',
    nobody: 'jeszcze nikt',
    someoneElse: 'ktoś inny',
    noDate: 'bez terminu',
    pending: 'Do zrobienia',
    in_progress: 'W toku',
    loading: 'Wczytywanie kolejki…',
    empty: 'W żadnej z Twoich firm nic nie czeka na zespół IT. Nowe zgłoszenia i zadania pojawią się tutaj.',
    emptyMine: 'Niczego jeszcze nie podjęto. Wyczyść filtr, aby zobaczyć pozycje bez opiekuna.',
    live: 'Ta lista aktualizuje się sama.',
  },
};

/** Opens an item in its own company: the panel switches tenant first when the item is another's. */
const openIn = (tenantId: string, path: string) => {
  if (chosenTenant() !== tenantId) {
    chooseTenant(tenantId);
    dispatchEvent(new Event('panel:tenant'));
  }
  navigate(path);
};

/** The technician's queue across every company they serve, live. */
export const QueueView = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const [onlyMine, setOnlyMine] = useState(false);
  const [items, setItems] = useState<QueueItem[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const asked = useRef(0);
  const load = (after?: string) => {
    asked.current += 1;
    const mine = asked.current;
    const path = `/api/v1/queue${onlyMine ? '?mine=true' : ''}`;
    api<{ items: QueueItem[] }>('GET', `${path}${afterQuery(after, onlyMine ? '&' : '?')}`).then(
      (answer) => {
        if (mine !== asked.current) return;
        setItems(answer.items);
        setError(undefined);
      },
      (problem: unknown) => {
        if (mine === asked.current) setError(problem instanceof Error ? problem.message : String(problem));
      },
    );
  };
  useEffect(() => load(), [onlyMine]);
  useLiveUpdates('queue', (checkpoint) => load(checkpoint));

  const who = (item: QueueItem) => {
    if (item.assigneeId === null) return t.nobody;
    return item.assigneeId === me.accountId ? t.you : t.someoneElse;
  };
  const state = (item: QueueItem) =>
    item.kind === 'ticket'
      ? `${wordFor(language, 'status', item.status)} · ${wordFor(language, 'sla', item.slaState)}`
      : item.status === 'in_progress'
        ? t.in_progress
        : t.pending;
  const titleOf = (item: QueueItem) =>
    item.kind === 'ticket'
      ? `${wordFor(language, 'priority', item.priority)}: ${item.title ?? ''}`
      : `${titleIn(language, { title_pl: item.titlePl ?? '', title_en: item.titleEn ?? '' })} (${titleIn(language, { title_pl: item.processTitlePl ?? '', title_en: item.processTitleEn ?? '' })})`;
  const pathOf = (item: QueueItem) =>
    item.kind === 'ticket'
      ? `/tickets/${encodeURIComponent(item.ticketId ?? '')}`
      : `/processes/${encodeURIComponent(item.processId ?? '')}`;

  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t.heading}</h2>
      <p>{t.intro}</p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={onlyMine}
            onChange={(event) => {
              setItems(undefined);
              setOnlyMine(event.currentTarget.checked);
            }}
          />{' '}
          {t.onlyMine}
        </label>
      </p>
      {error && <p role="alert">{error}</p>}
      {!error && items === undefined && <p aria-busy="true">{t.loading}</p>}
      {items?.length === 0 && <p role="status">{onlyMine ? t.emptyMine : t.empty}</p>}
      {items && items.length > 0 && (
        <>
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.due}</th>
                <th scope="col">{t.item}</th>
                <th scope="col">{t.what}</th>
                <th scope="col">{t.company}</th>
                <th scope="col">{t.state}</th>
                <th scope="col">{t.who}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const path = pathOf(item);
                return (
                  <tr
                    key={`${item.kind}:${item.ticketId ?? `${item.processId}/${item.stepKey}`}`}
                    data-kind={item.kind}
                    data-item={item.ticketId ?? item.stepKey}
                  >
                    <td>{item.dueAt ? format.dateTime.format(new Date(item.dueAt)) : t.noDate}</td>
                    <th scope="row">
                      <a
                        href={path}
                        onClick={(event) => {
                          event.preventDefault();
                          openIn(item.tenantId, path);
                        }}
                      >
                        {titleOf(item)}
                      </a>
                    </th>
                    <td>
                      {item.kind === 'ticket'
                        ? t.ticket
                        : `${t.task} · ${processWord(language, item.scenarioKind ?? '')}`}
                    </td>
                    <td>{item.tenantName}</td>
                    <td data-cell="state">{state(item)}</td>
                    <td data-cell="who">{who(item)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p>{t.live}</p>
        </>
      )}
    </section>
  );
};

routes.push({
  pattern: '/queue',
  view: QueueView,
  roles: ['technician', 'msp_admin'],
  menu: { en: 'My queue', pl: 'Moja kolejka' },
  acrossTenants: true,
});
