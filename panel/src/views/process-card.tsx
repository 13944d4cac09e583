import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import {
  type Accepted,
  actorName,
  afterQuery,
  linkTo,
  type ProcessRow,
  progressText,
  titleIn,
  useProcessUpdates,
  wordFor,
} from './process-shared.js';
import { type Done, doneMessage, PlanChanges, TaskForms } from './process-task-form.js';

/** A step of GET /processes/{id} (projections/process/process.queries.ts, ProcessCardStep). */
interface CardStep {
  step_key: string;
  position: number;
  title_pl: string;
  title_en: string;
  kind: 'task' | 'decision';
  required: boolean;
  depends_on: string[];
  status: 'pending' | 'in_progress' | 'done' | 'skipped';
  assignee_id: string | null;
  done_by: string | null;
  done_at: string | null;
  answer: string | null;
  comment: string | null;
  skip_reason: string | null;
  effect_status: string | null;
  effect: {
    type: string;
    args: Record<string, { value?: string; outcome?: string; step?: string }>;
    device?: { deviceId: string; assetTag: string | null; model: string | null } | null;
    access?: { accessId: string; system: string | null } | null;
  } | null;
  effectOutcome:
    | { status: 'applied'; appliedAt: string }
    | { status: 'failed'; errorCode: string; message: string; failedAt: string }
    | null;
}

interface ProcessCard {
  process: ProcessRow;
  steps: CardStep[];
  waitingForClient: string[];
}

const texts: Texts<
  | 'loading'
  | 'notFound'
  | 'back'
  | 'kind'
  | 'status'
  | 'progress'
  | 'person'
  | 'startedBy'
  | 'startedAt'
  | 'finishedAt'
  | 'scenario'
  | 'steps'
  | 'step'
  | 'who'
  | 'stepStatus'
  | 'doneBy'
  | 'effect'
  | 'notes'
  | 'task'
  | 'decision'
  | 'pending'
  | 'in_progress'
  | 'done'
  | 'skipped'
  | 'waitingForYou'
  | 'waitingForClient'
  | 'approved'
  | 'rejected'
  | 'optional'
  | 'decisions'
  | 'decisionsIntro'
  | 'comment'
  | 'approve'
  | 'reject'
  | 'answered'
  | 'assign_device'
  | 'return_device'
  | 'grant_access'
  | 'revoke_access'
  | 'register_purchased_device'
  | 'depart_person'
  | 'deviceNotKnown'
  | 'systemNotKnown'
  | 'itTeam'
  | 'client'
  | 'applied'
  | 'failed'
  | 'effectPending'
  | 'skipReason'
  | 'live'
> = {
  en: {
    loading: 'Loading the process…',
    notFound: 'Not found: this process does not exist or is not yours to see.',
    back: 'Back to the processes',
    kind: 'Kind',
    status: 'Status',
    progress: 'Steps done',
    person: 'Person',
    startedBy: 'Started by',
    startedAt: 'Started',
    finishedAt: 'Finished',
    scenario: 'Scenario',
    steps: 'Steps',
    step: 'Step',
    who: 'Who acts',
    stepStatus: 'Status',
    doneBy: 'Done by',
    effect: 'Effect',
    notes: 'Answer and notes',
    task: 'Task for the IT team',
    decision: 'Decision for the client',
    pending: 'To do',
    in_progress: 'In progress',
    done: 'Done',
    skipped: 'Skipped',
    waitingForYou: 'Waiting for your decision',
    waitingForClient: "Waiting for the client's decision",
    approved: 'Approved',
    rejected: 'Rejected',
    optional: 'optional',
    decisions: 'Decisions waiting for you',
    decisionsIntro: 'Approve or reject; a comment tells the IT team why.',
    comment: 'Comment',
    approve: 'Approve',
    reject: 'Reject',
    answered: 'Your answer was recorded.',
    assign_device: 'Hand over {device}',
    return_device: 'Take back {device}',
    grant_access: 'Grant access to {system}',
    revoke_access: 'Revoke access to {system}',
    register_purchased_device: 'Register the purchased device {device}',
    depart_person: 'Mark the person as departed',
    deviceNotKnown: 'a device (named when an earlier step is done)',
    systemNotKnown: 'a system (named when an earlier step is done)',
    itTeam: 'IT team',
    client: "the client's manager",
    applied: 'applied',
    failed: 'failed: {message}',
    effectPending: 'being applied',
    skipReason: 'Skipped because: {reason}',
    live: 'This card updates itself as the work goes on.',
  },
  pl: {
    loading: 'Wczytywanie procesu…',
    notFound: 'Nie znaleziono: ten proces nie istnieje lub nie masz do niego dostępu.',
    back: 'Wróć do procesów',
    kind: 'Rodzaj',
    status: 'Status',
    progress: 'Wykonane kroki',
    person: 'Osoba',
    startedBy: 'Rozpoczęty przez',
    startedAt: 'Rozpoczęty',
    finishedAt: 'Zakończony',
    scenario: 'Scenariusz',
    steps: 'Kroki',
    step: 'Krok',
    who: 'Kto działa',
    stepStatus: 'Status',
    doneBy: 'Wykonał',
    effect: 'Skutek',
    notes: 'Odpowiedź i uwagi',
    task: 'Zadanie dla zespołu IT',
    decision: 'Decyzja klienta',
    pending: 'Do zrobienia',
    in_progress: 'W toku',
    done: 'Wykonany',
    skipped: 'Pominięty',
    waitingForYou: 'Czeka na Twoją decyzję',
    waitingForClient: 'Czeka na decyzję klienta',
    approved: 'Zatwierdzono',
    rejected: 'Odrzucono',
    optional: 'opcjonalny',
    decisions: 'Decyzje czekające na Ciebie',
    decisionsIntro: 'Zatwierdź albo odrzuć; komentarz wyjaśni zespołowi IT dlaczego.',
    comment: 'Komentarz',
    approve: 'Zatwierdź',
    reject: 'Odrzuć',
    answered: 'Twoja odpowiedź została zapisana.',
    assign_device: 'Przekaż {device}',
    return_device: 'Odbierz {device}',
    grant_access: 'Nadaj dostęp do {system}',
    revoke_access: 'Odbierz dostęp do {system}',
    register_purchased_device: 'Zarejestruj zakupione urządzenie {device}',
    depart_person: 'Oznacz odejście osoby',
    deviceNotKnown: 'urządzenie (wskazane po wykonaniu wcześniejszego kroku)',
    systemNotKnown: 'system (wskazany po wykonaniu wcześniejszego kroku)',
    itTeam: 'zespół IT',
    client: 'przełożony po stronie klienta',
    applied: 'wykonano',
    failed: 'nie powiodło się: {message}',
    effectPending: 'w realizacji',
    skipReason: 'Pominięty, bo: {reason}',
    live: 'Ta karta aktualizuje się sama w miarę postępu prac.',
  },
};

type T = (typeof texts)['en'];

/** What a task does to a device or an access, naming it as soon as it is known. */
const effectLabel = (step: CardStep, t: T) => {
  const effect = step.effect;
  if (!effect) return '—';
  const device = effect.device?.assetTag
    ? [effect.device.assetTag, effect.device.model].filter(Boolean).join(' · ')
    : (effect.device?.deviceId ?? t.deviceNotKnown);
  const system = effect.access?.system ?? effect.args.system?.value ?? t.systemNotKnown;
  const label = (t as Record<string, string>)[effect.type];
  const text = label ? fill(label, { device, system }) : effect.type;
  const outcome = step.effectOutcome;
  if (outcome?.status === 'applied') return `${text} (${t.applied})`;
  if (outcome?.status === 'failed') return `${text} (${fill(t.failed, { message: outcome.message })})`;
  if (step.status === 'done' && step.effect_status === 'pending') return `${text} (${t.effectPending})`;
  return text;
};

const DecisionForm = ({
  processId,
  step,
  language,
  t,
  onAnswered,
}: {
  processId: string;
  step: CardStep;
  language: Language;
  t: T;
  onAnswered(checkpoint: string): void;
}) => {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const answer = async (value: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      const trimmed = comment.trim();
      const accepted = await api<Accepted>(
        'POST',
        `/api/v1/processes/${encodeURIComponent(processId)}/decisions/${encodeURIComponent(step.step_key)}`,
        { answer: value, ...(trimmed ? { comment: trimmed } : {}) },
      );
      onAnswered(accepted.checkpoint);
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem.message : String(problem));
      setBusy(false);
    }
  };
  const id = `comment-${step.step_key}`;
  return (
    <form
      data-decision={step.step_key}
      aria-label={titleIn(language, step)}
      onSubmit={(event) => event.preventDefault()}
    >
      <fieldset disabled={busy}>
        <legend>{titleIn(language, step)}</legend>
        <p>
          <label for={id}>{t.comment}</label>
          <br />
          <textarea
            id={id}
            maxLength={2000}
            rows={3}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </p>
        {error && <p role="alert">{error}</p>}
        <button type="button" onClick={() => void answer('approve')}>
          {t.approve}
        </button>{' '}
        <button type="button" onClick={() => void answer('reject')}>
          {t.reject}
        </button>
      </fieldset>
    </form>
  );
};

/** The process card: its head, what waits for the client (answerable by a manager), and every step. */
export const ProcessCardView = ({ me, language, params }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const processId = params.processId ?? '';
  const [card, setCard] = useState<ProcessCard | null | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [personName, setPersonName] = useState<string | undefined>();
  const [done, setDone] = useState<'answered' | Done | undefined>();
  const [commands, setCommands] = useState(0);
  const requests = useRef(0);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const isManager = me.roles.includes('client_manager');

  const load = (after?: string) => {
    const request = ++requests.current;
    api<ProcessCard>('GET', `/api/v1/processes/${encodeURIComponent(processId)}${afterQuery(after)}`).then(
      (answer) => {
        // A slower, older read must not overwrite a newer one.
        if (request === requests.current) setCard(answer);
      },
      (problem: unknown) => {
        if (request !== requests.current) return;
        if (problem instanceof ApiProblem && problem.status === 404) setCard(null);
        else setError(problem instanceof Error ? problem.message : String(problem));
      },
    );
  };
  useEffect(() => {
    setCard(undefined);
    setDone(undefined);
    // Coming from a command (the start form): wait until the read model shows it.
    load(new URLSearchParams(location.search).get('after') ?? undefined);
  }, [processId]);
  useProcessUpdates((checkpoint) => load(checkpoint));

  const personId = card?.process.person_id ?? null;
  useEffect(() => {
    setPersonName(undefined);
    if (!personId) return;
    api<{ person: { name: string } }>('GET', `/api/v1/people/${encodeURIComponent(personId)}`).then(
      (answer) => setPersonName(answer.person.name),
      () => undefined,
    );
  }, [personId]);
  // After a command the status line says what happened; a task taken up keeps the focus in its form.
  useEffect(() => {
    if (done && done !== 'started') statusRef.current?.focus();
  }, [done, commands]);
  const afterCommand = (checkpoint: string, what: 'answered' | Done) => {
    setDone(what);
    setCommands((count) => count + 1);
    load(checkpoint);
  };

  if (error) return <p role="alert">{error}</p>;
  if (card === undefined) return <p aria-busy="true">{t.loading}</p>;
  if (card === null) return <p role="alert">{t.notFound}</p>;

  const { process, steps, waitingForClient } = card;
  const waiting = steps.filter((step) => waitingForClient.includes(step.step_key));
  const titleOf = (key: string) => {
    const step = steps.find((candidate) => candidate.step_key === key);
    return step ? titleIn(language, step) : key;
  };
  const stepStatus = (step: CardStep) => {
    if (waitingForClient.includes(step.step_key)) return isManager ? t.waitingForYou : t.waitingForClient;
    if (step.kind === 'decision' && step.status === 'done')
      return step.answer === 'reject' ? t.rejected : t.approved;
    return t[step.status] ?? step.status;
  };
  // Account names are the IT team's administration; the card says which side acted (the id on hover).
  // Skipping is open to either side, so a skipped step names no side; the id shows on hover.
  const doneBy = (step: CardStep & { done_by: string }) => {
    const when = dateTime(step.done_at);
    if (step.done_by === me.accountId) return `${actorName(language, step.done_by, me.accountId)}, ${when}`;
    if (step.status === 'skipped') return when;
    return `${step.kind === 'task' ? t.itTeam : t.client}, ${when}`;
  };
  const dateTime = (value: string | null) => (value ? format.dateTime.format(new Date(value)) : '—');
  const head: Array<[string, string]> = [
    [t.kind, wordFor(language, process.scenario_kind)],
    [t.status, wordFor(language, process.status)],
    [t.progress, progressText(language, process.done_steps, process.total_steps)],
    [t.person, process.person_id ? (personName ?? process.person_id) : '—'],
    [t.startedBy, actorName(language, process.started_by, me.accountId)],
    [t.startedAt, dateTime(process.started_at)],
    [t.finishedAt, dateTime(process.finished_at)],
    [t.scenario, `${process.scenario_id} v${process.scenario_version}`],
  ];

  return (
    <article aria-labelledby="process-title" data-process-id={process.process_id}>
      <p>
        <a {...linkTo('/processes')}>{t.back}</a>
      </p>
      <h2 id="process-title">{titleIn(language, process)}</h2>
      <dl>
        {head.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p role="status" tabIndex={-1} ref={statusRef}>
        {done === 'answered' ? t.answered : done ? doneMessage(language, done) : ''}
      </p>
      {isManager && waiting.length > 0 && (
        <section aria-labelledby="decisions-title">
          <h3 id="decisions-title">{t.decisions}</h3>
          <p>{t.decisionsIntro}</p>
          {waiting.map((step) => (
            <DecisionForm
              key={step.step_key}
              processId={process.process_id}
              step={step}
              language={language}
              t={t}
              onAnswered={(checkpoint) => afterCommand(checkpoint, 'answered')}
            />
          ))}
        </section>
      )}
      <TaskForms process={process} steps={steps} roles={me.roles} language={language} onDone={afterCommand} />
      <section aria-labelledby="steps-title">
        <h3 id="steps-title">{t.steps}</h3>
        <p>{t.live}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t.step}</th>
              <th scope="col">{t.who}</th>
              <th scope="col">{t.stepStatus}</th>
              <th scope="col">{t.doneBy}</th>
              <th scope="col">{t.effect}</th>
              <th scope="col">{t.notes}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step, index) => (
              <tr key={step.step_key} data-step-key={step.step_key} data-status={step.status}>
                <td>{format.number.format(index + 1)}</td>
                <th scope="row">
                  {titleIn(language, step)}
                  {step.required ? '' : ` (${t.optional})`}
                  {step.depends_on.length > 0 && (
                    <>
                      <br />
                      <small>← {step.depends_on.map(titleOf).join(', ')}</small>
                    </>
                  )}
                </th>
                <td>{step.kind === 'decision' ? t.decision : t.task}</td>
                <td data-cell="status">{stepStatus(step)}</td>
                <td>
                  {step.done_by ? (
                    <span title={step.done_by}>{doneBy({ ...step, done_by: step.done_by })}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-cell="effect">{effectLabel(step, t)}</td>
                <td data-cell="notes">
                  {[step.comment, step.skip_reason ? fill(t.skipReason, { reason: step.skip_reason }) : null]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PlanChanges
        process={process}
        steps={steps}
        roles={me.roles}
        language={language}
        onDone={afterCommand}
      />
    </article>
  );
};
