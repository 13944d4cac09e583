import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import type { Language } from '../i18n.js';
import { navigate } from '../router.js';
import { type Texts, textsOf, type ViewProps } from '../view.js';
import { deviceKinds, deviceWord } from './device-words.js';
import { Labelled } from './form-fields.js';
import { type Accepted, afterQuery, linkTo, usePeople, wordFor } from './process-shared.js';

/** Who may start a process (the StartProcess command's roles). */
export const starterRoles: readonly string[] = ['client_manager', 'msp_admin'];

interface LocalizedText {
  pl: string;
  en: string;
}

/** A scenario as GET /scenarios lists it (domain/process/scenario.ts). */
interface ScenarioParameter {
  name: string;
  type: 'person_id' | 'device_id' | 'date' | 'device_kind' | 'text';
  required: boolean;
  title: LocalizedText;
}

interface ScenarioStep {
  key: string;
  kind: 'task' | 'decision';
  title: LocalizedText;
  dependsOn: string[];
  required: boolean;
  forEach?: 'held_device' | 'access';
  effect?: { type: string };
}

interface Scenario {
  id: string;
  version: number;
  kind: string;
  title: LocalizedText;
  parameters: ScenarioParameter[];
  steps: ScenarioStep[];
  source: 'catalogue' | 'tenant';
}

interface DeviceOption {
  device_id: string;
  asset_tag: string;
  model: string;
  status: string;
}

const texts: Texts<
  | 'heading'
  | 'scenario'
  | 'chooseScenario'
  | 'parameters'
  | 'choosePerson'
  | 'chooseDevice'
  | 'chooseKind'
  | 'optional'
  | 'plan'
  | 'planIntro'
  | 'task'
  | 'decision'
  | 'after'
  | 'optionalStep'
  | 'forEachHeldDevice'
  | 'forEachAccess'
  | 'confirm'
  | 'starting'
  | 'loading'
  | 'noScenarios'
  | 'back'
  | 'noPeople'
> = {
  en: {
    heading: 'Start a process',
    scenario: 'Scenario',
    chooseScenario: 'Choose a scenario',
    parameters: 'Details',
    choosePerson: 'Choose a person',
    chooseDevice: 'Choose a device',
    chooseKind: 'Choose a kind',
    optional: '(optional)',
    plan: 'Planned steps',
    planIntro: 'These steps will be planned; check them, then start the process.',
    task: 'Task for the IT team',
    decision: 'Decision for you',
    after: 'after',
    optionalStep: 'optional',
    forEachHeldDevice: 'once for each device the person holds',
    forEachAccess: 'once for each access the person has',
    confirm: 'Start the process',
    starting: 'Starting…',
    loading: 'Loading scenarios…',
    noScenarios: 'No scenarios are available. Ask the IT team to add one.',
    back: 'Back to the processes',
    noPeople: 'No people are registered yet: register the person first.',
  },
  pl: {
    heading: 'Rozpocznij proces',
    scenario: 'Scenariusz',
    chooseScenario: 'Wybierz scenariusz',
    parameters: 'Szczegóły',
    choosePerson: 'Wybierz osobę',
    chooseDevice: 'Wybierz urządzenie',
    chooseKind: 'Wybierz rodzaj',
    optional: '(opcjonalnie)',
    plan: 'Zaplanowane kroki',
    planIntro: 'Te kroki zostaną zaplanowane; sprawdź je, a potem rozpocznij proces.',
    task: 'Zadanie dla zespołu IT',
    decision: 'Decyzja dla Ciebie',
    after: 'po',
    optionalStep: 'opcjonalny',
    forEachHeldDevice: 'raz dla każdego urządzenia tej osoby',
    forEachAccess: 'raz dla każdego dostępu tej osoby',
    confirm: 'Rozpocznij proces',
    starting: 'Rozpoczynanie…',
    loading: 'Wczytywanie scenariuszy…',
    noScenarios: 'Nie ma dostępnych scenariuszy. Poproś zespół IT o dodanie scenariusza.',
    back: 'Wróć do procesów',
    noPeople: 'Nie ma jeszcze zarejestrowanych osób: najpierw zarejestruj osobę.',
  },
};

type T = (typeof texts)['en'];

const scenarioKey = (scenario: Scenario) => `${scenario.id}@${scenario.version}`;

/** The input for one start parameter: the picker its type calls for. */
const ParameterInput = ({
  parameter,
  value,
  onChange,
  language,
  t,
  people,
  devices,
}: {
  parameter: ScenarioParameter;
  value: string;
  onChange(value: string): void;
  language: Language;
  t: T;
  people: ReadonlyArray<{ person_id: string; name: string; status: string }>;
  devices: readonly DeviceOption[];
}) => {
  const id = `parameter-${parameter.name}`;
  const common = {
    id,
    name: parameter.name,
    required: parameter.required,
    value,
    onInput: (event: Event) => onChange((event.currentTarget as HTMLInputElement).value),
  };
  let input: JSX.Element;
  switch (parameter.type) {
    case 'person_id':
      input = (
        <select {...common}>
          <option value="">{t.choosePerson}</option>
          {people
            .filter((person) => person.status !== 'departed')
            .map((person) => (
              <option key={person.person_id} value={person.person_id}>
                {person.name}
              </option>
            ))}
        </select>
      );
      break;
    case 'device_id':
      input = (
        <select {...common}>
          <option value="">{t.chooseDevice}</option>
          {devices
            .filter((device) => device.status !== 'retired' && device.status !== 'lost')
            .map((device) => (
              <option key={device.device_id} value={device.device_id}>
                {device.asset_tag} · {device.model}
              </option>
            ))}
        </select>
      );
      break;
    case 'device_kind':
      input = (
        <select {...common}>
          <option value="">{t.chooseKind}</option>
          {deviceKinds.map((kind) => (
            <option key={kind} value={kind}>
              {deviceWord(language, kind)}
            </option>
          ))}
        </select>
      );
      break;
    case 'date':
      input = <input type="date" {...common} />;
      break;
    default:
      input = <input type="text" maxLength={2000} {...common} />;
  }
  return (
    <Labelled
      id={id}
      label={
        <>
          {parameter.title[language]}
          {parameter.required ? '' : ` ${t.optional}`}
        </>
      }
    >
      {input}
    </Labelled>
  );
};

/** The steps a scenario plans, in order, with who acts and what each waits for. */
const PlannedSteps = ({ scenario, language, t }: { scenario: Scenario; language: Language; t: T }) => {
  const titleOf = (key: string) => scenario.steps.find((step) => step.key === key)?.title[language] ?? key;
  return (
    <section aria-labelledby="planned-steps">
      <h3 id="planned-steps">{t.plan}</h3>
      <p>{t.planIntro}</p>
      <ol>
        {scenario.steps.map((step) => {
          const notes = [
            step.kind === 'task' ? t.task : t.decision,
            step.required ? undefined : t.optionalStep,
            step.forEach === 'held_device' ? t.forEachHeldDevice : undefined,
            step.forEach === 'access' ? t.forEachAccess : undefined,
            step.dependsOn.length > 0 ? `${t.after}: ${step.dependsOn.map(titleOf).join(', ')}` : undefined,
          ].filter((note): note is string => note !== undefined);
          return (
            <li key={step.key} data-step-key={step.key}>
              <strong>{step.title[language]}</strong> ({notes.join('; ')})
            </li>
          );
        })}
      </ol>
    </section>
  );
};

/** Choose a scenario, fill in what it asks for, check the planned steps, start it; then its card. */
export const StartProcessView = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const [scenarios, setScenarios] = useState<Scenario[] | undefined>();
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [devices, setDevices] = useState<DeviceOption[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const people = usePeople(me.roles);
  const scenario = scenarios?.find((candidate) => scenarioKey(candidate) === chosen);
  const needsDevice = scenario?.parameters.some((parameter) => parameter.type === 'device_id') ?? false;
  const needsPerson = scenario?.parameters.some((parameter) => parameter.type === 'person_id') ?? false;

  useEffect(() => {
    api<{ items: Scenario[] }>('GET', '/api/v1/scenarios').then(
      (answer) => setScenarios(answer.items),
      (problem: unknown) => setError(problem instanceof Error ? problem.message : String(problem)),
    );
  }, []);
  useEffect(() => {
    if (!needsDevice || devices.length > 0) return;
    api<{ items: DeviceOption[] }>('GET', '/api/v1/devices?limit=500').then(
      (page) => setDevices(page.items),
      () => undefined,
    );
  }, [needsDevice]);

  const choose = (key: string) => {
    setChosen(key);
    setValues({});
    setError(undefined);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!scenario) return;
    setBusy(true);
    setError(undefined);
    const parameters = Object.fromEntries(
      Object.entries(values)
        .map(([name, value]) => [name, value.trim()] as const)
        .filter(([, value]) => value !== ''),
    );
    try {
      const answer = await api<Accepted>('POST', '/api/v1/processes', {
        scenarioId: scenario.id,
        scenarioVersion: scenario.version,
        parameters,
      });
      navigate(`/processes/${answer.ids.processId}${afterQuery(answer.checkpoint)}`);
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem.message : String(problem));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="start-process-title">
      <h2 id="start-process-title">{t.heading}</h2>
      <p>
        <a {...linkTo('/processes')}>{t.back}</a>
      </p>
      {scenarios === undefined && !error && <p aria-busy="true">{t.loading}</p>}
      {scenarios?.length === 0 && <p>{t.noScenarios}</p>}
      {scenarios && scenarios.length > 0 && (
        <form onSubmit={submit} aria-labelledby="start-process-title">
          <Labelled id="scenario" label={t.scenario}>
            <select
              id="scenario"
              required
              value={chosen}
              onChange={(event) => choose(event.currentTarget.value)}
            >
              <option value="">{t.chooseScenario}</option>
              {scenarios.map((candidate) => (
                <option key={scenarioKey(candidate)} value={scenarioKey(candidate)}>
                  {candidate.title[language]} ({wordFor(language, candidate.kind)}, v{candidate.version})
                </option>
              ))}
            </select>
          </Labelled>
          {scenario && (
            <fieldset>
              <legend>{t.parameters}</legend>
              {needsPerson && people.length === 0 && <p>{t.noPeople}</p>}
              {scenario.parameters.map((parameter) => (
                <ParameterInput
                  key={parameter.name}
                  parameter={parameter}
                  value={values[parameter.name] ?? ''}
                  onChange={(value) => setValues((given) => ({ ...given, [parameter.name]: value }))}
                  language={language}
                  t={t}
                  people={people}
                  devices={devices}
                />
              ))}
            </fieldset>
          )}
          {scenario && <PlannedSteps scenario={scenario} language={language} t={t} />}
          {error && <p role="alert">{error}</p>}
          <button type="submit" disabled={busy || !scenario}>
            {busy ? t.starting : t.confirm}
          </button>
        </form>
      )}
      {scenarios === undefined && error && <p role="alert">{error}</p>}
    </section>
  );
};
