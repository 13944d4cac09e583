import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { adminOnly, afterWrite } from './accounts-words.js';
import { deviceKinds, deviceWord } from './device-words.js';
import { messageOf } from './directory.js';
import { FieldError, TextField, useStatusLine, useWrite, WriteForm } from './form-fields.js';

const texts: Texts<
  | 'title'
  | 'loading'
  | 'empty'
  | 'caption'
  | 'name'
  | 'currency'
  | 'timeZone'
  | 'registeredAt'
  | 'current'
  | 'newCompany'
  | 'labourRate'
  | 'labourRateHint'
  | 'reopenWindow'
  | 'sla'
  | 'slaHint'
  | 'priority'
  | 'firstResponse'
  | 'resolution'
  | 'replacement'
  | 'replacementHint'
  | 'register'
  | 'registering'
  | 'registered'
  | 'fixFields'
  | 'settings'
  | 'rename'
  | 'renamed'
  | 'changeTimeZone'
  | 'timeZoneChanged'
  | 'newName'
  | 'notAMoney'
> = {
  en: {
    title: 'Companies',
    loading: 'Loading companies…',
    empty: 'No company is registered yet. Register the first one with the form below.',
    caption: 'Client companies (tenants), by name',
    name: 'Company name',
    currency: 'Currency',
    timeZone: 'Time zone',
    registeredAt: 'Registered',
    current: '(chosen)',
    newCompany: 'Register a company',
    labourRate: 'Hourly rate of the IT team',
    labourRateHint: 'In the currency above, e.g. 180 or 180.50.',
    reopenWindow: 'Days a resolved ticket may be reopened',
    sla: 'SLA targets, in minutes',
    slaHint: 'First response and resolution time per priority.',
    priority: 'Priority',
    firstResponse: 'First response',
    resolution: 'Resolution',
    replacement: 'Replace devices after (months)',
    replacementHint: 'Leave a kind empty if its devices are never due for replacement by age.',
    register: 'Register the company',
    registering: 'Registering…',
    registered:
      'Company registered: {name}. To work in it, choose it in the Company picker in the header (reload the page if it is not listed yet).',
    fixFields: 'Please correct the marked fields.',
    settings: 'Settings of the chosen company',
    rename: 'Rename',
    renamed: 'Company renamed.',
    changeTimeZone: 'Change the time zone',
    timeZoneChanged: 'Time zone changed.',
    newName: 'New name',
    notAMoney: 'not an amount such as 180 or 180.50',
  },
  pl: {
    title: 'Firmy',
    loading: 'Wczytywanie firm…',
    empty: 'Nie zarejestrowano jeszcze żadnej firmy. Zarejestruj pierwszą formularzem poniżej.',
    caption: 'Firmy klientów (najemcy) według nazwy',
    name: 'Nazwa firmy',
    currency: 'Waluta',
    timeZone: 'Strefa czasowa',
    registeredAt: 'Zarejestrowano',
    current: '(wybrana)',
    newCompany: 'Zarejestruj firmę',
    labourRate: 'Stawka godzinowa zespołu IT',
    labourRateHint: 'W walucie powyżej, np. 180 lub 180,50.',
    reopenWindow: 'Ile dni można ponownie otworzyć rozwiązane zgłoszenie',
    sla: 'Cele SLA w minutach',
    slaHint: 'Czas pierwszej reakcji i rozwiązania dla każdego priorytetu.',
    priority: 'Priorytet',
    firstResponse: 'Pierwsza reakcja',
    resolution: 'Rozwiązanie',
    replacement: 'Wymiana urządzeń po (miesiącach)',
    replacementHint: 'Zostaw rodzaj pusty, jeśli jego urządzeń nie wymienia się ze względu na wiek.',
    register: 'Zarejestruj firmę',
    registering: 'Rejestrowanie…',
    registered:
      'Zarejestrowano firmę: {name}. Aby w niej pracować, wybierz ją w polu Firma w nagłówku (odśwież stronę, jeśli jej tam jeszcze nie ma).',
    fixFields: 'Popraw zaznaczone pola.',
    settings: 'Ustawienia wybranej firmy',
    rename: 'Zmień nazwę',
    renamed: 'Zmieniono nazwę firmy.',
    changeTimeZone: 'Zmień strefę czasową',
    timeZoneChanged: 'Zmieniono strefę czasową.',
    newName: 'Nowa nazwa',
    notAMoney: 'to nie jest kwota, np. 180 lub 180,50',
  },
};

type T = (typeof texts)['en'];

interface Organization {
  tenant_id: string;
  name: string;
  default_currency: string;
  time_zone: string;
  registered_at: string;
}

const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
const defaultSla: Record<string, [string, string]> = {
  P1: ['15', '240'],
  P2: ['60', '480'],
  P3: ['240', '1440'],
  P4: ['480', '4320'],
};

/** A decimal amount typed by a person (dot or comma) in minor units; undefined when it is not one. */
const minorUnits = (typed: string) => {
  const value = typed.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return undefined;
  return Math.round(Number(value) * 100);
};

/** A whole number typed by a person, or the text as it is, for the server to refuse with its reason. */
const whole = (typed: string): number | string => (/^\s*\d+\s*$/.test(typed) ? Number(typed) : typed);

/** Registers a client company: a new tenant with its currency, time zone, rate and SLA. */
const NewCompanyForm = ({
  t,
  language,
  onRegistered,
}: {
  t: T;
  language: ViewProps['language'];
  onRegistered(checkpoint: string): void;
}) => {
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('PLN');
  const [timeZone, setTimeZone] = useState('Europe/Warsaw');
  const [rate, setRate] = useState('');
  const [reopen, setReopen] = useState('14');
  const [sla, setSla] = useState(defaultSla);
  const [ages, setAges] = useState<Record<string, string>>({});
  const [rateProblem, setRateProblem] = useState<string | undefined>();
  const [done, setDone] = useState('');
  const write = useWrite(t.fixFields);
  const submit = async () => {
    setDone('');
    const amount = minorUnits(rate);
    setRateProblem(amount === undefined ? t.notAMoney : undefined);
    if (amount === undefined) return;
    const code = currency.trim().toUpperCase();
    const answer = await write.send('/api/v1/organizations', {
      name,
      defaultCurrency: code,
      timeZone: timeZone.trim(),
      labourRate: { amount, currency: code },
      ticketReopenWindowDays: whole(reopen),
      slaPolicy: Object.fromEntries(
        priorities.map((p) => [
          p,
          { firstResponseMinutes: whole(sla[p]?.[0] ?? ''), resolutionMinutes: whole(sla[p]?.[1] ?? '') },
        ]),
      ),
      replacementAgeMonths: Object.fromEntries(
        Object.entries(ages)
          .filter(([, months]) => months.trim() !== '')
          .map(([kind, months]) => [kind, whole(months)]),
      ),
    });
    if (!answer) return;
    setDone(t.registered.replace('{name}', name.trim()));
    setName('');
    setRate('');
    onRegistered(answer.checkpoint);
  };
  const fieldOf = (path: string) => write.fields[path];
  const slaInput = (priority: string, index: 0 | 1) => {
    const path = `slaPolicy.${priority}.${index === 0 ? 'firstResponseMinutes' : 'resolutionMinutes'}`;
    const id = `company-sla-${priority}-${index}`;
    const error = fieldOf(path) ?? (index === 0 ? fieldOf(`slaPolicy.${priority}`) : undefined);
    return (
      <td>
        <input
          id={id}
          inputMode="numeric"
          size={6}
          aria-label={`${priority}: ${index === 0 ? t.firstResponse : t.resolution}`}
          value={sla[priority]?.[index] ?? ''}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setSla((known) => {
              const pair: [string, string] = [...(known[priority] ?? ['', ''])];
              pair[index] = value;
              return { ...known, [priority]: pair };
            });
          }}
          {...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})}
        />
        <FieldError id={`${id}-error`} message={error} />
      </td>
    );
  };
  return (
    <section aria-labelledby="new-company-title">
      <h3 id="new-company-title">{t.newCompany}</h3>
      <WriteForm
        write={write}
        labelledBy="new-company-title"
        problem={write.problem ?? (rateProblem && t.fixFields)}
        button={write.busy ? t.registering : t.register}
        onSubmit={submit}
      >
        <TextField
          id="company-name"
          label={t.name}
          value={name}
          onInput={setName}
          error={fieldOf('name')}
          maxLength={200}
        />
        <TextField
          id="company-currency"
          label={t.currency}
          value={currency}
          onInput={setCurrency}
          error={fieldOf('defaultCurrency')}
          maxLength={3}
        />
        <TextField
          id="company-timeZone"
          label={t.timeZone}
          value={timeZone}
          onInput={setTimeZone}
          error={fieldOf('timeZone')}
        />
        <TextField
          id="company-labourRate"
          label={t.labourRate}
          hint={t.labourRateHint}
          value={rate}
          onInput={setRate}
          error={rateProblem ?? fieldOf('labourRate.amount') ?? fieldOf('labourRate.currency')}
        />
        <TextField
          id="company-reopen"
          label={t.reopenWindow}
          value={reopen}
          onInput={setReopen}
          error={fieldOf('ticketReopenWindowDays')}
        />
        <fieldset>
          <legend>{t.sla}</legend>
          <p id="company-sla-hint">{t.slaHint}</p>
          <table aria-describedby="company-sla-hint">
            <thead>
              <tr>
                <th scope="col">{t.priority}</th>
                <th scope="col">{t.firstResponse}</th>
                <th scope="col">{t.resolution}</th>
              </tr>
            </thead>
            <tbody>
              {priorities.map((priority) => (
                <tr key={priority}>
                  <th scope="row">{priority}</th>
                  {slaInput(priority, 0)}
                  {slaInput(priority, 1)}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset>
          <legend>{t.replacement}</legend>
          <p id="company-replacement-hint">{t.replacementHint}</p>
          {deviceKinds.map((kind) => {
            const id = `company-age-${kind}`;
            const error = fieldOf(`replacementAgeMonths.${kind}`);
            return (
              <p key={kind}>
                <label for={id}>{deviceWord(language, kind)}</label>{' '}
                <input
                  id={id}
                  inputMode="numeric"
                  size={4}
                  value={ages[kind] ?? ''}
                  onInput={(event) => {
                    const value = event.currentTarget.value;
                    setAges((known) => ({ ...known, [kind]: value }));
                  }}
                  aria-describedby={
                    error ? `company-replacement-hint ${id}-error` : 'company-replacement-hint'
                  }
                  {...(error ? { 'aria-invalid': true } : {})}
                />
                <FieldError id={`${id}-error`} message={error} />
              </p>
            );
          })}
        </fieldset>
      </WriteForm>
      <p role="status">{done}</p>
    </section>
  );
};

/** Renames the chosen company and changes its time zone (the commands act in the tenant the panel is in). */
const SettingsForm = ({
  t,
  organization,
  onChanged,
}: {
  t: T;
  organization: Organization;
  onChanged(checkpoint: string): void;
}) => {
  const [name, setName] = useState(organization.name);
  const [timeZone, setTimeZone] = useState(organization.time_zone);
  const renaming = useWrite(t.fixFields);
  const zoning = useWrite(t.fixFields);
  const status = useStatusLine(onChanged);
  const path = `/api/v1/organizations/${encodeURIComponent(organization.tenant_id)}`;
  return (
    <section aria-labelledby="company-settings-title">
      <h3 id="company-settings-title">
        {t.settings}: {organization.name}
      </h3>
      <WriteForm
        write={renaming}
        label={t.rename}
        button={t.rename}
        onSubmit={() => status.run(renaming, `${path}/rename`, { name }, t.renamed)}
      >
        <TextField
          id="settings-name"
          label={t.newName}
          value={name}
          onInput={setName}
          error={renaming.fields.name}
          maxLength={200}
        />
      </WriteForm>
      <WriteForm
        write={zoning}
        label={t.changeTimeZone}
        button={t.changeTimeZone}
        onSubmit={() =>
          status.run(zoning, `${path}/time-zone`, { timeZone: timeZone.trim() }, t.timeZoneChanged)
        }
      >
        <TextField
          id="settings-timeZone"
          label={t.timeZone}
          value={timeZone}
          onInput={setTimeZone}
          error={zoning.fields.timeZone}
        />
      </WriteForm>
      <p role="status">{status.done}</p>
    </section>
  );
};

/** The client companies (tenants) the administrator serves, and registering a new one. */
export const CompaniesView = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const [checkpoint, setCheckpoint] = useState<string | undefined>();
  const [companies, setCompanies] = useState<Organization[] | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    api<{ items: Organization[] }>('GET', afterWrite('/api/v1/tenants', checkpoint))
      .then(
        (answer) => current && setCompanies(answer.items),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [checkpoint]);
  const { date } = formats(language);
  const chosen = companies?.find((company) => company.tenant_id === me.tenantId);
  return (
    <section aria-labelledby="companies-title">
      <h2 id="companies-title">{t.title}</h2>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !companies && <p>{t.loading}</p>}
        {companies && companies.length === 0 && <p>{t.empty}</p>}
        {companies && companies.length > 0 && (
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.currency}</th>
                <th scope="col">{t.timeZone}</th>
                <th scope="col">{t.registeredAt}</th>
              </tr>
            </thead>
            <tbody>
              {companies.map((company) => (
                <tr key={company.tenant_id} data-company={company.tenant_id}>
                  <th scope="row">
                    {company.name}
                    {company.tenant_id === me.tenantId ? ` ${t.current}` : ''}
                  </th>
                  <td>{company.default_currency}</td>
                  <td>{company.time_zone}</td>
                  <td>{date.format(new Date(company.registered_at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {chosen && (
        <SettingsForm key={chosen.tenant_id} t={t} organization={chosen} onChanged={setCheckpoint} />
      )}
      <NewCompanyForm t={t} language={language} onRegistered={setCheckpoint} />
    </section>
  );
};

routes.push({
  pattern: '/companies',
  view: CompaniesView,
  roles: adminOnly,
  menu: { en: 'Companies', pl: 'Firmy' },
});
