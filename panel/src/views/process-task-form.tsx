import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { type Texts, textsOf } from '../view.js';
import { Labelled } from './form-fields.js';
import { type Accepted, type ProcessRow, titleIn, usePeople } from './process-shared.js';

/** An argument of a step's effect: a known value, or a field of a step's outcome (with its value once known). */
type EffectArg = { value?: string; outcome?: string; step?: string };

/** What the task forms read of a card step (GET /processes/{id}). */
export interface FormStep {
  step_key: string;
  title_pl: string;
  title_en: string;
  kind: 'task' | 'decision';
  required: boolean;
  depends_on: string[];
  status: 'pending' | 'in_progress' | 'done' | 'skipped';
  effect: { type: string; args: Record<string, EffectArg> } | null;
}

/** What a command did, for the card's status line. */
export type Done = 'started' | 'completed' | 'skipped' | 'cancelled';

const texts: Texts<
  | Done
  | 'tasks'
  | 'tasksIntro'
  | 'note'
  | 'takeUp'
  | 'complete'
  | 'inProgress'
  | 'device'
  | 'chooseDevice'
  | 'noStock'
  | 'loadingDevices'
  | 'condition'
  | 'good'
  | 'worn'
  | 'damaged'
  | 'choose'
  | 'person'
  | 'monthlyCost'
  | 'monthlyCostHint'
  | 'assetTag'
  | 'serialNumber'
  | 'model'
  | 'vendor'
  | 'supplier'
  | 'purchaseDate'
  | 'warrantyEnd'
  | 'purchaseCost'
  | 'newDevice'
  | 'fillIn'
  | 'notAmount'
  | 'planTitle'
  | 'skipTitle'
  | 'skipIntro'
  | 'skipStep'
  | 'reason'
  | 'skip'
  | 'cancelTitle'
  | 'cancelIntro'
  | 'cancel'
  | 'reasonNeeded'
> = {
  en: {
    started: 'You took the task up.',
    completed: 'The task is done.',
    skipped: 'The step was skipped.',
    cancelled: 'The process was cancelled.',
    tasks: 'Your tasks',
    tasksIntro: 'The tasks that can be done now. Take one up so others know, then complete it.',
    note: 'Note',
    takeUp: 'Take up',
    complete: 'Complete',
    inProgress: 'Taken up; in progress.',
    device: 'Device from stock',
    chooseDevice: '— choose a device —',
    noStock:
      'No device is in stock. Register the device first (or take one back into stock), then come back to this task: the list reads the stock again.',
    loadingDevices: 'Loading the devices in stock…',
    condition: 'Condition of the returned device',
    good: 'Good',
    worn: 'Worn',
    damaged: 'Damaged',
    choose: '— choose —',
    person: 'Person',
    monthlyCost: 'Monthly cost ({currency})',
    monthlyCostHint: '0 when the access costs nothing.',
    assetTag: 'Asset tag',
    serialNumber: 'Serial number',
    model: 'Model',
    vendor: 'Vendor',
    supplier: 'Supplier',
    purchaseDate: 'Purchase date',
    warrantyEnd: 'End of warranty',
    purchaseCost: 'Purchase cost ({currency})',
    newDevice: 'The device is registered under a new id when the task is completed.',
    fillIn: 'Fill in: {fields}.',
    notAmount: '{field}: not an amount (for example 12.50).',
    planTitle: 'Change the plan',
    skipTitle: 'Skip a step',
    skipIntro: 'A step that is not needed can be left out; say why.',
    skipStep: 'Step to skip',
    reason: 'Reason',
    skip: 'Skip the step',
    cancelTitle: 'Cancel the process',
    cancelIntro: 'Stops every step that is not done yet. Say why; this cannot be undone.',
    cancel: 'Cancel the process',
    reasonNeeded: 'Say why.',
  },
  pl: {
    started: 'Podjęto zadanie.',
    completed: 'Zadanie wykonane.',
    skipped: 'Krok pominięto.',
    cancelled: 'Proces anulowano.',
    tasks: 'Twoje zadania',
    tasksIntro: 'Zadania, które można teraz wykonać. Podejmij zadanie, aby inni wiedzieli, potem je zakończ.',
    note: 'Notatka',
    takeUp: 'Podejmij',
    complete: 'Zakończ',
    inProgress: 'Podjęte; w toku.',
    device: 'Urządzenie z magazynu',
    chooseDevice: '— wybierz urządzenie —',
    noStock:
      'W magazynie nie ma żadnego urządzenia. Najpierw zarejestruj urządzenie (albo przyjmij jakieś z powrotem do magazynu), potem wróć do tego zadania: lista odczyta magazyn ponownie.',
    loadingDevices: 'Wczytywanie urządzeń z magazynu…',
    condition: 'Stan zwróconego urządzenia',
    good: 'Dobry',
    worn: 'Zużyte',
    damaged: 'Uszkodzone',
    choose: '— wybierz —',
    person: 'Osoba',
    monthlyCost: 'Koszt miesięczny ({currency})',
    monthlyCostHint: '0, gdy dostęp nic nie kosztuje.',
    assetTag: 'Numer inwentarzowy',
    serialNumber: 'Numer seryjny',
    model: 'Model',
    vendor: 'Producent',
    supplier: 'Dostawca',
    purchaseDate: 'Data zakupu',
    warrantyEnd: 'Koniec gwarancji',
    purchaseCost: 'Koszt zakupu ({currency})',
    newDevice: 'Urządzenie zostanie zarejestrowane pod nowym identyfikatorem po zakończeniu zadania.',
    fillIn: 'Uzupełnij: {fields}.',
    notAmount: '{field}: to nie jest kwota (na przykład 12,50).',
    planTitle: 'Zmiana planu',
    skipTitle: 'Pomiń krok',
    skipIntro: 'Krok, który nie jest potrzebny, można pominąć; napisz dlaczego.',
    skipStep: 'Krok do pominięcia',
    reason: 'Powód',
    skip: 'Pomiń krok',
    cancelTitle: 'Anuluj proces',
    cancelIntro: 'Zatrzymuje wszystkie niewykonane kroki. Napisz dlaczego; tego nie da się cofnąć.',
    cancel: 'Anuluj proces',
    reasonNeeded: 'Napisz dlaczego.',
  },
};

type T = (typeof texts)['en'];

/** The status line's words after a command. */
export const doneMessage = (language: Language, done: Done) => textsOf(texts, language)[done];

/** Who may do what (domain/process/process-rules.ts, processPermissions). */
const workOnTasks = ['technician', 'msp_admin'];
const skipOptional = ['technician', 'msp_admin', 'client_manager'];
const skipRequired = ['msp_admin'];
const cancelling = ['client_manager', 'msp_admin'];
const returnConditions = ['good', 'worn', 'damaged'] as const;
const settled = (step: FormStep) => step.status === 'done' || step.status === 'skipped';

/** A task the IT team can start or complete now: open, with every step it depends on done or skipped. */
export const isReady = (process: ProcessRow, steps: readonly FormStep[], step: FormStep) =>
  process.status === 'running' &&
  step.kind === 'task' &&
  !settled(step) &&
  step.depends_on.every((key) => {
    const dependency = steps.find((candidate) => candidate.step_key === key);
    return dependency !== undefined && settled(dependency);
  });

/** How one outcome field is asked for. */
type Field =
  | { name: string; input: 'device' | 'condition' | 'person' | 'text' | 'date' }
  | { name: string; input: 'generated' }
  | { name: string; input: 'money'; prefix: string };

const registerFacts: Field[] = [
  { name: 'assetTag', input: 'text' },
  { name: 'serialNumber', input: 'text' },
  { name: 'model', input: 'text' },
  { name: 'vendor', input: 'text' },
  { name: 'supplier', input: 'text' },
  { name: 'purchaseDate', input: 'date' },
  { name: 'warrantyEnd', input: 'date' },
  { name: 'purchaseCostAmount', input: 'money', prefix: 'purchaseCost' },
];

/**
 * The fields a step's outcome needs: those an effect of a not-skipped task waits for (the domain refuses
 * the completion without them: process-rules.ts awaitedOutcomeFields), then what the process manager
 * reads from the outcome of the step's own effect (commands/process/process-manager.ts effectCommand).
 */
const fieldsOf = (steps: readonly FormStep[], step: FormStep) => {
  const awaited = new Map<string, Field>();
  for (const other of steps) {
    if (other.status === 'skipped' || other.kind !== 'task' || !other.effect) continue;
    for (const [argument, value] of Object.entries(other.effect.args)) {
      if (value.outcome === undefined || value.step !== step.step_key) continue;
      const name = value.outcome;
      const type = other.effect.type;
      const input =
        argument === 'deviceId'
          ? type === 'register_purchased_device'
            ? 'generated'
            : 'device'
          : argument === 'condition' && type === 'return_device'
            ? 'condition'
            : argument === 'personId'
              ? 'person'
              : 'text';
      // A new device's id wins over picking one: the step registers it.
      if (awaited.get(name)?.input === 'generated') continue;
      awaited.set(name, { name, input } as Field);
    }
  }
  const extra: Field[] =
    step.effect?.type === 'grant_access'
      ? [{ name: 'monthlyCostAmount', input: 'money', prefix: 'monthlyCost' }]
      : step.effect?.type === 'register_purchased_device'
        ? registerFacts
        : [];
  return {
    awaited: [...awaited.values()],
    extra: extra.filter((field) => !awaited.has(field.name)),
  };
};

interface DeviceOption {
  device_id: string;
  asset_tag: string;
  model: string;
  kind: string;
}

/** Minor units of an amount typed in major units ("12,50" → 1250), or undefined when it is not one. */
const minorUnits = (typed: string, currency: string) => {
  const text = typed.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return Math.round(Number(text) * 10 ** (digits ?? 2));
};

/** A problem as the user reads it: the API's message, its field problems, and what is still empty. */
const problemText = (problem: unknown) => {
  if (!(problem instanceof ApiProblem)) return String(problem);
  const fields = problem.errors.map((error) => `${error.path}: ${error.message}`);
  return [problem.message, ...fields].join(' · ');
};

const labelOf = (t: T, field: Field, currency: string) => {
  if (field.input === 'device') return t.device;
  if (field.input === 'condition') return t.condition;
  if (field.input === 'person') return t.person;
  if (field.input === 'money') {
    const label = (t as Record<string, string>)[field.prefix] ?? field.prefix;
    return fill(label, { currency });
  }
  return (t as Record<string, string>)[field.name] ?? field.name;
};

const TaskForm = ({
  process,
  steps,
  step,
  language,
  devices,
  currency,
  onDone,
}: {
  process: ProcessRow;
  steps: readonly FormStep[];
  step: FormStep;
  language: Language;
  devices: DeviceOption[] | undefined;
  currency: string;
  onDone(checkpoint: string, done: Done): void;
}) => {
  const t = textsOf(texts, language);
  const [values, setValues] = useState<Record<string, string>>({ monthlyCostAmount: '0' });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [newDeviceId] = useState(() => crypto.randomUUID());
  const { awaited, extra } = fieldsOf(steps, step);
  const all = [...awaited, ...extra];
  const people = usePeople(all.some((field) => field.input === 'person') ? workOnTasks : []);
  const completeButton = useRef<HTMLButtonElement>(null);
  const tookUp = useRef(false);
  // After "Take up" its button is gone: focus goes on to "Complete".
  useEffect(() => {
    if (!tookUp.current || busy || step.status !== 'in_progress') return;
    tookUp.current = false;
    completeButton.current?.focus();
  }, [busy, step.status]);
  const id = (name: string) => `task-${step.step_key}-${name}`;
  const set = (name: string, value: string) => setValues((before) => ({ ...before, [name]: value }));
  const base = `/api/v1/processes/${encodeURIComponent(process.process_id)}/steps/${encodeURIComponent(step.step_key)}`;

  const send = async (what: 'start' | 'complete', body?: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      const accepted = await api<Accepted>('POST', `${base}/${what}`, body);
      tookUp.current = what === 'start';
      onDone(accepted.checkpoint, what === 'start' ? 'started' : 'completed');
    } catch (problem) {
      const missing = all.filter((field) => field.input !== 'generated' && !values[field.name]?.trim());
      const hint =
        problem instanceof ApiProblem && problem.code === 'PROCESS_STEP_OUTCOME_MISSING' && missing.length > 0
          ? ` · ${fill(t.fillIn, { fields: missing.map((field) => labelOf(t, field, currency)).join(', ') })}`
          : '';
      setError(`${problemText(problem)}${hint}`);
    } finally {
      setBusy(false);
    }
  };

  const complete = () => {
    const outcome: Record<string, string | number> = {};
    for (const field of awaited) {
      const value = field.input === 'generated' ? newDeviceId : values[field.name]?.trim();
      // An empty awaited field is left out: the server refuses and says which one is missing.
      if (value) outcome[field.name] = value;
    }
    // The effect's own facts: the server does not check them, its effect would fail, so they are checked here.
    const empty = extra.filter((field) => !values[field.name]?.trim());
    if (empty.length > 0) {
      setError(fill(t.fillIn, { fields: empty.map((field) => labelOf(t, field, currency)).join(', ') }));
      return;
    }
    for (const field of extra) {
      const value = (values[field.name] ?? '').trim();
      if (field.input === 'money') {
        const amount = minorUnits(value, currency);
        if (amount === undefined) {
          setError(fill(t.notAmount, { field: labelOf(t, field, currency) }));
          return;
        }
        outcome[`${field.prefix}Amount`] = amount;
        outcome[`${field.prefix}Currency`] = currency;
      } else outcome[field.name] = value;
    }
    const trimmed = note.trim();
    void send('complete', {
      ...(trimmed ? { note: trimmed } : {}),
      ...(Object.keys(outcome).length > 0 ? { outcome } : {}),
    });
  };

  const kind = process.parameters.deviceKind;
  const stock = devices
    ? [...devices].sort((a, b) => Number(b.kind === kind) - Number(a.kind === kind))
    : undefined;
  const input = (field: Field) => {
    const value = values[field.name] ?? '';
    const onChange = (event: Event) => set(field.name, (event.currentTarget as HTMLInputElement).value);
    switch (field.input) {
      case 'generated':
        return <p key={field.name}>{t.newDevice}</p>;
      case 'device':
        if (stock === undefined) return <p aria-busy="true">{t.loadingDevices}</p>;
        if (stock.length === 0)
          return (
            <p key={field.name} data-empty-stock>
              {t.noStock}
            </p>
          );
        return (
          <select id={id(field.name)} required value={value} onChange={onChange}>
            <option value="">{t.chooseDevice}</option>
            {stock.map((device) => (
              <option key={device.device_id} value={device.device_id}>
                {`${device.asset_tag} · ${device.model}`}
              </option>
            ))}
          </select>
        );
      case 'condition':
        return (
          <select id={id(field.name)} required value={value} onChange={onChange}>
            <option value="">{t.choose}</option>
            {returnConditions.map((condition) => (
              <option key={condition} value={condition}>
                {t[condition]}
              </option>
            ))}
          </select>
        );
      case 'person':
        return (
          <select id={id(field.name)} required value={value} onChange={onChange}>
            <option value="">{t.choose}</option>
            {people.map((person) => (
              <option key={person.person_id} value={person.person_id}>
                {person.name}
              </option>
            ))}
          </select>
        );
      case 'money':
        return (
          <input
            id={id(field.name)}
            inputMode="decimal"
            required
            value={value}
            onInput={onChange}
            {...(field.prefix === 'monthlyCost' ? { 'aria-describedby': id('monthlyCostHint') } : {})}
          />
        );
      case 'date':
        return <input id={id(field.name)} type="date" required value={value} onInput={onChange} />;
      default:
        return (
          <input id={id(field.name)} type="text" required maxLength={200} value={value} onInput={onChange} />
        );
    }
  };

  const title = titleIn(language, step);
  return (
    <form
      data-task={step.step_key}
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        complete();
      }}
    >
      <fieldset disabled={busy} aria-busy={busy}>
        <legend>{title}</legend>
        {step.status === 'in_progress' && <p>{t.inProgress}</p>}
        {all.map((field) =>
          field.input === 'generated' || (field.input === 'device' && (stock?.length ?? 0) === 0) ? (
            input(field)
          ) : (
            <Labelled key={field.name} id={id(field.name)} label={labelOf(t, field, currency)}>
              {input(field)}
              {field.input === 'money' && field.prefix === 'monthlyCost' && (
                <>
                  <br />
                  <small id={id('monthlyCostHint')}>{t.monthlyCostHint}</small>
                </>
              )}
            </Labelled>
          ),
        )}
        <Labelled id={id('note')} label={t.note}>
          <textarea
            id={id('note')}
            maxLength={2000}
            rows={2}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </Labelled>
        {error && <p role="alert">{error}</p>}
        {step.status === 'pending' && (
          <>
            <button type="button" onClick={() => void send('start')}>
              {t.takeUp}
            </button>{' '}
          </>
        )}
        <button type="submit" ref={completeButton}>
          {t.complete}
        </button>
      </fieldset>
    </form>
  );
};

/** What the process card hands to its task forms and its plan changes. */
interface PlanProps {
  process: ProcessRow;
  steps: readonly FormStep[];
  roles: readonly string[];
  language: Language;
  onDone(checkpoint: string, done: Done): void;
}

/** The IT team's tasks that can be done now, a form each, above the card's steps. */
export const TaskForms = ({ process, steps, roles, language, onDone }: PlanProps) => {
  const t = textsOf(texts, language);
  const mayWork = roles.some((role) => workOnTasks.includes(role));
  const ready = mayWork ? steps.filter((step) => isReady(process, steps, step)) : [];
  const needsDevices = ready.some((step) => fieldsOf(steps, step).awaited.some((f) => f.input === 'device'));
  const readyKeys = ready.map((step) => step.step_key).join(',');
  const [devices, setDevices] = useState<DeviceOption[] | undefined>();
  const [currency, setCurrency] = useState('PLN');

  useEffect(() => {
    if (!mayWork) return;
    api<{ default_currency?: string }>('GET', '/api/v1/organization').then(
      (organization) => organization?.default_currency && setCurrency(organization.default_currency),
      () => undefined,
    );
  }, [mayWork]);
  // The stock is read again whenever the tasks change: a device handed over has left it.
  useEffect(() => {
    if (!needsDevices) return;
    api<{ items: DeviceOption[] }>('GET', '/api/v1/devices?status=in_stock&limit=500').then(
      (page) => setDevices(page.items),
      () => setDevices([]),
    );
  }, [needsDevices, readyKeys]);

  if (ready.length === 0) return null;
  return (
    <section aria-labelledby="tasks-title">
      <h3 id="tasks-title">{t.tasks}</h3>
      <p>{t.tasksIntro}</p>
      {ready.map((step) => (
        <TaskForm
          key={step.step_key}
          process={process}
          steps={steps}
          step={step}
          language={language}
          devices={devices}
          currency={currency}
          onDone={onDone}
        />
      ))}
    </section>
  );
};

/** A reason and a button: the form of skipping a step and of cancelling the process. */
const ReasonForm = ({
  name,
  label,
  intro,
  button,
  language,
  choices,
  run,
}: {
  name: string;
  label: string;
  intro: string;
  button: string;
  language: Language;
  choices?: Array<{ value: string; label: string }>;
  run(reason: string, choice: string): Promise<void>;
}) => {
  const t = textsOf(texts, language);
  const [reason, setReason] = useState('');
  const [choice, setChoice] = useState(choices?.[0]?.value ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const chosen = choices?.some((option) => option.value === choice) ? choice : (choices?.[0]?.value ?? '');
  const submit = async () => {
    setError(undefined);
    if (!reason.trim()) {
      setError(t.reasonNeeded);
      return;
    }
    setBusy(true);
    try {
      await run(reason.trim(), chosen);
    } catch (problem) {
      setError(problemText(problem));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label={label}
      data-plan={name}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset disabled={busy} aria-busy={busy}>
        <legend>{label}</legend>
        <p>{intro}</p>
        {choices && (
          <Labelled id={`${name}-step`} label={t.skipStep}>
            <select id={`${name}-step`} value={chosen} onChange={(e) => setChoice(e.currentTarget.value)}>
              {choices.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </Labelled>
        )}
        <Labelled id={`${name}-reason`} label={t.reason}>
          <textarea
            id={`${name}-reason`}
            required
            maxLength={2000}
            rows={2}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Labelled>
        {error && <p role="alert">{error}</p>}
        <button type="submit">{button}</button>
      </fieldset>
    </form>
  );
};

/** Skipping a step the caller may leave out, and cancelling the process, for the roles that may. */
export const PlanChanges = ({ process, steps, roles, language, onDone }: PlanProps) => {
  const t = textsOf(texts, language);
  if (process.status !== 'running') return null;
  const may = (allowed: string[]) => roles.some((role) => allowed.includes(role));
  const skippable = may(skipOptional)
    ? steps.filter((step) => !settled(step) && (!step.required || may(skipRequired)))
    : [];
  const mayCancel = may(cancelling);
  if (skippable.length === 0 && !mayCancel) return null;
  const path = `/api/v1/processes/${encodeURIComponent(process.process_id)}`;
  return (
    <section aria-labelledby="plan-title">
      <h3 id="plan-title">{t.planTitle}</h3>
      {skippable.length > 0 && (
        <ReasonForm
          name="skip"
          label={t.skipTitle}
          intro={t.skipIntro}
          button={t.skip}
          language={language}
          choices={skippable.map((step) => ({ value: step.step_key, label: titleIn(language, step) }))}
          run={async (reason, stepKey) => {
            const accepted = await api<Accepted>(
              'POST',
              `${path}/steps/${encodeURIComponent(stepKey)}/skip`,
              { reason },
            );
            onDone(accepted.checkpoint, 'skipped');
          }}
        />
      )}
      {mayCancel && (
        <ReasonForm
          name="cancel"
          label={t.cancelTitle}
          intro={t.cancelIntro}
          button={t.cancel}
          language={language}
          run={async (reason) => {
            const accepted = await api<Accepted>('POST', `${path}/cancel`, { reason });
            onDone(accepted.checkpoint, 'cancelled');
          }}
        />
      )}
    </section>
  );
};
