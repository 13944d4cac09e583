import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { navigate } from '../router.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { follow, holds, itTeam, type TicketRow, wordFor } from './ticket-words.js';

const texts: Texts<
  | 'back'
  | 'loading'
  | 'notFound'
  | 'details'
  | 'status'
  | 'priority'
  | 'category'
  | 'sla'
  | 'firstResponseDue'
  | 'resolutionDue'
  | 'requester'
  | 'device'
  | 'noDevice'
  | 'assignee'
  | 'nobody'
  | 'you'
  | 'opened'
  | 'minutes'
  | 'minutesValue'
  | 'conversation'
  | 'noComments'
  | 'internal'
  | 'kind_description'
  | 'kind_comment'
  | 'kind_waiting_reason'
  | 'kind_resolution'
  | 'kind_reopen_reason'
  | 'addComment'
  | 'comment'
  | 'internalBox'
  | 'send'
  | 'actions'
  | 'startWork'
  | 'assignToMe'
  | 'waitForClient'
  | 'reason'
  | 'resume'
  | 'resolve'
  | 'resolution'
  | 'logWork'
  | 'minutesField'
  | 'billable'
  | 'note'
  | 'reopen'
  | 'close'
  | 'workLog'
  | 'workLogCaption'
  | 'when'
  | 'who'
  | 'yes'
  | 'no'
  | 'done'
> = {
  en: {
    back: 'Back to tickets',
    loading: 'Loading the ticket…',
    notFound: 'Ticket not found: it does not exist or is not yours to see.',
    details: 'Details',
    status: 'Status',
    priority: 'Priority',
    category: 'Category',
    sla: 'SLA state',
    firstResponseDue: 'First response due',
    resolutionDue: 'Resolution due',
    requester: 'Requester',
    device: 'Device',
    noDevice: 'none',
    assignee: 'Assignee',
    nobody: 'not assigned yet',
    you: 'you',
    opened: 'Opened',
    minutes: 'Time logged',
    minutesValue: '{total} min ({billable} min billable)',
    conversation: 'Conversation',
    noComments: 'Nothing written yet.',
    internal: 'internal (IT team only)',
    kind_description: 'Description',
    kind_comment: 'Comment',
    kind_waiting_reason: 'Waiting for the client',
    kind_resolution: 'Resolution',
    kind_reopen_reason: 'Reopened',
    addComment: 'Add a comment',
    comment: 'Comment',
    internalBox: 'Internal (only the IT team sees it)',
    send: 'Send the comment',
    actions: 'Actions',
    startWork: 'Start work',
    assignToMe: 'Assign to me',
    waitForClient: 'Wait for the client',
    reason: 'Reason',
    resume: 'Resume work',
    resolve: 'Resolve',
    resolution: 'Resolution',
    logWork: 'Log work',
    minutesField: 'Minutes',
    billable: 'Billable',
    note: 'Note',
    reopen: 'Reopen',
    close: 'Close the ticket',
    workLog: 'Work log',
    workLogCaption: 'Work logged on this ticket',
    when: 'When',
    who: 'Who',
    yes: 'yes',
    no: 'no',
    done: 'Saved.',
  },
  pl: {
    back: 'Wróć do zgłoszeń',
    loading: 'Wczytywanie zgłoszenia…',
    notFound: 'Nie znaleziono zgłoszenia: nie istnieje lub nie masz do niego dostępu.',
    details: 'Szczegóły',
    status: 'Status',
    priority: 'Priorytet',
    category: 'Kategoria',
    sla: 'Stan SLA',
    firstResponseDue: 'Termin pierwszej odpowiedzi',
    resolutionDue: 'Termin rozwiązania',
    requester: 'Zgłaszający',
    device: 'Urządzenie',
    noDevice: 'brak',
    assignee: 'Przypisane do',
    nobody: 'jeszcze nieprzypisane',
    you: 'Ty',
    opened: 'Otwarte',
    minutes: 'Zarejestrowany czas',
    minutesValue: '{total} min (w tym {billable} min płatnych)',
    conversation: 'Rozmowa',
    noComments: 'Nic jeszcze nie napisano.',
    internal: 'wewnętrzny (tylko zespół IT)',
    kind_description: 'Opis',
    kind_comment: 'Komentarz',
    kind_waiting_reason: 'Czekamy na klienta',
    kind_resolution: 'Rozwiązanie',
    kind_reopen_reason: 'Ponowne otwarcie',
    addComment: 'Dodaj komentarz',
    comment: 'Komentarz',
    internalBox: 'Wewnętrzny (widzi go tylko zespół IT)',
    send: 'Wyślij komentarz',
    actions: 'Działania',
    startWork: 'Rozpocznij pracę',
    assignToMe: 'Przypisz do mnie',
    waitForClient: 'Czekaj na klienta',
    reason: 'Powód',
    resume: 'Wznów pracę',
    resolve: 'Rozwiąż',
    resolution: 'Rozwiązanie',
    logWork: 'Zarejestruj pracę',
    minutesField: 'Minuty',
    billable: 'Płatne',
    note: 'Notatka',
    reopen: 'Otwórz ponownie',
    close: 'Zamknij zgłoszenie',
    workLog: 'Rejestr pracy',
    workLogCaption: 'Praca zarejestrowana przy tym zgłoszeniu',
    when: 'Kiedy',
    who: 'Kto',
    yes: 'tak',
    no: 'nie',
    done: 'Zapisano.',
  },
};

interface Comment {
  comment_id: string;
  kind: string;
  visibility: 'public' | 'internal';
  body: string;
  author_id: string | null;
  author_role: string | null;
  commented_at: string;
}
interface WorkLog {
  work_log_id: string;
  technician_id: string;
  technician_role: string | null;
  minutes: number;
  billable: boolean;
  note: string;
  logged_at: string;
}
type Card = TicketRow & { comments: Comment[]; workLogs?: WorkLog[] };

type Send = (path: string, body: Record<string, unknown>) => Promise<boolean>;

/** One action of the card as its own small form: a button, and the text the action needs if any. */
const ActionForm = ({
  label,
  send,
  path,
  field,
  fieldLabel,
  children,
  extra,
}: {
  label: string;
  send: Send;
  path: string;
  field?: string;
  fieldLabel?: string;
  children?: ComponentChildren;
  extra?: () => Record<string, unknown>;
}) => {
  const [value, setValue] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { ...(field ? { [field]: value } : {}), ...(extra?.() ?? {}) };
    if (await send(path, body)) setValue('');
  };
  return (
    <form onSubmit={submit} aria-label={label} class="ticket-action">
      {field && (
        <label>
          {fieldLabel}{' '}
          <input name={field} required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
      )}
      {children} <button type="submit">{label}</button>
    </form>
  );
};

const LogWork = ({ send, path, t }: { send: Send; path: string; t: (typeof texts)['en'] }) => {
  const [minutes, setMinutes] = useState('30');
  const [billable, setBillable] = useState(true);
  const [note, setNote] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await send(path, { minutes: Number(minutes), billable, note })) setNote('');
  };
  return (
    <form onSubmit={submit} aria-label={t.logWork} class="ticket-action">
      <label>
        {t.minutesField}{' '}
        <input
          type="number"
          min={1}
          max={1440}
          step={1}
          required
          value={minutes}
          onInput={(e) => setMinutes(e.currentTarget.value)}
        />
      </label>{' '}
      <label>
        <input type="checkbox" checked={billable} onChange={(e) => setBillable(e.currentTarget.checked)} />{' '}
        {t.billable}
      </label>{' '}
      <label>
        {t.note} <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>{' '}
      <button type="submit">{t.logWork}</button>
    </form>
  );
};

/** A ticket's card: its SLA, its people, its conversation, and the actions the caller's role may take. */
export const TicketCard = ({ me, language, params }: ViewProps) => {
  const t = textsOf(texts, language);
  const f = formats(language);
  const ticketId = params.ticketId ?? '';
  const [card, setCard] = useState<Card | null | undefined>();
  const [requesterName, setRequesterName] = useState<string | undefined>();
  const [deviceLabel, setDeviceLabel] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const [internal, setInternal] = useState(false);

  const load = async (after?: string | null) => {
    try {
      const suffix = after ? `?after=${encodeURIComponent(after)}` : '';
      const next = await api<Card>('GET', `/api/v1/tickets/${encodeURIComponent(ticketId)}${suffix}`);
      // The requester's name comes with the card, so the card does not change under the reader's eyes.
      const person = await api<{ name?: string; person?: { name?: string } }>(
        'GET',
        `/api/v1/people/${encodeURIComponent(next.requester_id)}`,
      ).catch(() => undefined);
      setRequesterName(person?.name ?? person?.person?.name);
      // The device as "asset tag · model"; one the caller may not read (an employee's colleague's) stays an id.
      const device = next.device_id
        ? await api<{ asset_tag: string; model: string }>(
            'GET',
            `/api/v1/devices/${encodeURIComponent(next.device_id)}`,
          ).catch(() => undefined)
        : undefined;
      setDeviceLabel(device ? `${device.asset_tag} · ${device.model}` : undefined);
      setCard(next);
    } catch (problem) {
      if (problem instanceof ApiProblem && (problem.status === 404 || problem.status === 400)) setCard(null);
      else setError(problem instanceof Error ? problem.message : String(problem));
    }
  };
  useEffect(() => {
    setCard(undefined);
    void load(new URLSearchParams(location.search).get('after'));
  }, [ticketId]);

  /** Sends one command of this ticket, then reads the card again once it shows the command's effect. */
  const send: Send = async (path, body) => {
    setError(undefined);
    setNotice(undefined);
    try {
      const answer = await api<{ checkpoint: string }>('POST', `/api/v1/tickets/${ticketId}${path}`, body);
      await load(answer.checkpoint);
      setNotice(t.done);
      return true;
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
      return false;
    }
  };

  const back = (
    <p>
      <a href="/tickets" onClick={follow(navigate, '/tickets')}>
        {t.back}
      </a>
    </p>
  );
  if (card === null)
    return (
      <section>
        <p role="alert">{t.notFound}</p>
        {back}
      </section>
    );
  if (card === undefined) return error ? <p role="alert">{error}</p> : <p aria-busy="true">{t.loading}</p>;

  const isItTeam = holds(me.roles, itTeam);
  const isClient = holds(me.roles, ['employee', 'client_manager']);
  const dateTime = (value: string | null) => (value ? f.dateTime.format(new Date(value)) : '—');
  const assignee =
    card.assignee_id === null ? t.nobody : card.assignee_id === me.accountId ? t.you : card.assignee_id;
  const open = card.status !== 'closed';
  const facts: Array<[string, ComponentChildren]> = [
    [t.status, wordFor(language, 'status', card.status)],
    [t.priority, wordFor(language, 'priority', card.priority)],
    [t.category, wordFor(language, 'category', card.category)],
    [t.sla, wordFor(language, 'sla', card.slaState)],
    [
      t.firstResponseDue,
      `${dateTime(card.first_response_due_at)} (${wordFor(language, 'firstResponse', card.firstResponseState)})`,
    ],
    [t.resolutionDue, dateTime(card.resolutionDueAt)],
    [
      t.requester,
      <a
        key="requester"
        href={`/people/${card.requester_id}`}
        onClick={follow(navigate, `/people/${card.requester_id}`)}
      >
        {requesterName ?? card.requester_id}
      </a>,
    ],
    [
      t.device,
      card.device_id ? (
        <a
          key="device"
          href={`/devices/${card.device_id}`}
          onClick={follow(navigate, `/devices/${card.device_id}`)}
        >
          {deviceLabel ?? card.device_id}
        </a>
      ) : (
        t.noDevice
      ),
    ],
    [t.assignee, assignee],
    [t.opened, dateTime(card.opened_at)],
    [
      t.minutes,
      t.minutesValue
        .replace('{total}', f.number.format(card.minutes_logged))
        .replace('{billable}', f.number.format(card.billable_minutes)),
    ],
  ];

  return (
    <article aria-labelledby="ticket-title">
      {back}
      <h2 id="ticket-title">{card.title}</h2>
      {error && <p role="alert">{error}</p>}
      {notice && <p role="status">{notice}</p>}
      <h3>{t.details}</h3>
      <dl>
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      {(isItTeam || isClient) && (
        <section aria-labelledby="ticket-actions">
          <h3 id="ticket-actions">{t.actions}</h3>
          {isItTeam && card.status === 'new' && <ActionForm label={t.startWork} send={send} path="/start" />}
          {isItTeam && card.status === 'in_progress' && (
            <>
              <ActionForm
                label={t.waitForClient}
                send={send}
                path="/wait"
                field="reason"
                fieldLabel={t.reason}
              />
              <ActionForm
                label={t.resolve}
                send={send}
                path="/resolve"
                field="resolution"
                fieldLabel={t.resolution}
              />
            </>
          )}
          {isItTeam && card.status === 'waiting_for_client' && (
            <ActionForm label={t.resume} send={send} path="/resume" />
          )}
          {isItTeam && open && card.assignee_id !== me.accountId && (
            <ActionForm
              label={t.assignToMe}
              send={send}
              path="/assign"
              extra={() => ({
                assigneeId: me.accountId,
                assigneeRole: me.roles.includes('technician') ? 'technician' : 'msp_admin',
              })}
            />
          )}
          {isItTeam && open && <LogWork send={send} path="/work-logs" t={t} />}
          {isClient && card.status === 'resolved' && (
            <>
              <ActionForm label={t.reopen} send={send} path="/reopen" field="reason" fieldLabel={t.reason} />
              <ActionForm label={t.close} send={send} path="/close" />
            </>
          )}
        </section>
      )}

      <section aria-labelledby="ticket-conversation">
        <h3 id="ticket-conversation">{t.conversation}</h3>
        {card.comments.length === 0 ? (
          <p>{t.noComments}</p>
        ) : (
          <ol class="conversation">
            {card.comments.map((entry) => (
              <li key={entry.comment_id} data-visibility={entry.visibility}>
                <p>
                  <strong>{t[`kind_${entry.kind}` as keyof typeof t] ?? entry.kind}</strong>
                  {entry.visibility === 'internal' && <em> · {t.internal}</em>} ·{' '}
                  {wordFor(language, 'role', entry.author_role)} ·{' '}
                  <time dateTime={entry.commented_at}>{dateTime(entry.commented_at)}</time>
                </p>
                <p class="comment-body">{entry.body}</p>
              </li>
            ))}
          </ol>
        )}
        {open && (isItTeam || isClient) ? (
          <form
            aria-label={t.addComment}
            onSubmit={async (event) => {
              event.preventDefault();
              const sent = await send('/comments', {
                body: comment,
                visibility: isItTeam && internal ? 'internal' : 'public',
              });
              if (sent) {
                setComment('');
                setInternal(false);
              }
            }}
          >
            <h4>{t.addComment}</h4>
            <p>
              <label>
                {t.comment}
                <br />
                <textarea
                  required
                  rows={3}
                  value={comment}
                  onInput={(e) => setComment(e.currentTarget.value)}
                />
              </label>
            </p>
            {isItTeam && (
              <p>
                <label>
                  <input
                    type="checkbox"
                    checked={internal}
                    onChange={(e) => setInternal(e.currentTarget.checked)}
                  />{' '}
                  {t.internalBox}
                </label>
              </p>
            )}
            <button type="submit">{t.send}</button>
          </form>
        ) : null}
      </section>

      {card.workLogs && card.workLogs.length > 0 && (
        <section aria-labelledby="ticket-work-log">
          <h3 id="ticket-work-log">{t.workLog}</h3>
          <table>
            <caption>{t.workLogCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.who}</th>
                <th scope="col">{t.minutesField}</th>
                <th scope="col">{t.billable}</th>
                <th scope="col">{t.note}</th>
              </tr>
            </thead>
            <tbody>
              {card.workLogs.map((log) => (
                <tr key={log.work_log_id}>
                  <th scope="row">{dateTime(log.logged_at)}</th>
                  <td>{wordFor(language, 'role', log.technician_role)}</td>
                  <td>{f.number.format(log.minutes)}</td>
                  <td>{log.billable ? t.yes : t.no}</td>
                  <td>{log.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </article>
  );
};
