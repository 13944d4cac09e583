import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { navigate } from '../router.js';
import { type Texts, textsOf, type ViewProps } from '../view.js';
import { FieldError } from './form-fields.js';
import { follow, holds, ticketCategories, ticketPriorities, wordFor } from './ticket-words.js';

const texts: Texts<
  | 'heading'
  | 'title'
  | 'description'
  | 'category'
  | 'priority'
  | 'device'
  | 'noDevice'
  | 'requester'
  | 'chooseRequester'
  | 'submit'
  | 'sending'
  | 'back'
  | 'fixFields'
  | 'loading'
> = {
  en: {
    heading: 'New ticket',
    title: 'Title',
    description: 'What happened? (description)',
    category: 'Category',
    priority: 'Priority',
    device: 'Device (optional)',
    noDevice: 'no device',
    requester: 'Requester',
    chooseRequester: '— choose a person —',
    submit: 'Open the ticket',
    sending: 'Opening…',
    back: 'Back to tickets',
    fixFields: 'Please correct the marked fields.',
    loading: 'Loading…',
  },
  pl: {
    heading: 'Nowe zgłoszenie',
    title: 'Tytuł',
    description: 'Co się stało? (opis)',
    category: 'Kategoria',
    priority: 'Priorytet',
    device: 'Urządzenie (opcjonalnie)',
    noDevice: 'bez urządzenia',
    requester: 'Zgłaszający',
    chooseRequester: '— wybierz osobę —',
    submit: 'Otwórz zgłoszenie',
    sending: 'Otwieranie…',
    back: 'Wróć do zgłoszeń',
    fixFields: 'Popraw zaznaczone pola.',
    loading: 'Wczytywanie…',
  },
};

interface Device {
  device_id: string;
  asset_tag: string;
  model: string;
}
interface Person {
  person_id: string;
  name: string;
}
interface Answer {
  ids: Record<string, string>;
  checkpoint: string;
}

type Field = 'title' | 'description' | 'category' | 'priority' | 'deviceId' | 'requesterId';

/** Opens a ticket: an employee for themselves, a client manager for a person they pick. */
export const NewTicket = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const forSomeone = !holds(me.roles, ['employee']) && holds(me.roles, ['client_manager']);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('incident');
  const [priority, setPriority] = useState('P3');
  const [deviceId, setDeviceId] = useState('');
  const [requesterId, setRequesterId] = useState('');
  const [people, setPeople] = useState<Person[] | undefined>(forSomeone ? undefined : []);
  const [devices, setDevices] = useState<Device[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!forSomeone) return;
    api<{ items: Person[] }>('GET', '/api/v1/people?status=active&limit=500').then(
      (page) => setPeople(page.items),
      () => setPeople([]),
    );
  }, [forSomeone]);
  useEffect(() => {
    // An employee's list holds only their own devices; a manager's, the chosen requester's.
    if (forSomeone && !requesterId) return setDevices([]);
    const holder = forSomeone ? `&holderId=${encodeURIComponent(requesterId)}` : '';
    api<{ items: Device[] }>('GET', `/api/v1/devices?limit=500${holder}`).then(
      (page) => setDevices(page.items),
      () => setDevices([]),
    );
    setDeviceId('');
  }, [forSomeone, requesterId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(undefined);
    try {
      const answer = await api<Answer>('POST', '/api/v1/tickets', {
        title,
        description,
        category,
        priority,
        ...(deviceId ? { deviceId } : {}),
        ...(forSomeone ? { requesterId } : {}),
      });
      const ticketId = answer.ids.ticketId ?? '';
      navigate(`/tickets/${ticketId}?after=${encodeURIComponent(answer.checkpoint)}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) {
        setErrors(Object.fromEntries(error.errors.map((e) => [e.path.split('.')[0], e.message])));
        setProblem(t.fixFields);
      } else setProblem(error instanceof Error ? error.message : String(error));
      setBusy(false);
    }
  };
  if (people === undefined) return <p aria-busy="true">{t.loading}</p>;
  const described = (field: Field) =>
    errors[field] ? { 'aria-describedby': `ticket-${field}-error`, 'aria-invalid': true } : {};
  return (
    <section aria-labelledby="new-ticket-title">
      <h2 id="new-ticket-title">{t.heading}</h2>
      <p>
        <a href="/tickets" onClick={follow(navigate, '/tickets')}>
          {t.back}
        </a>
      </p>
      <form onSubmit={submit} noValidate aria-labelledby="new-ticket-title">
        {problem && <p role="alert">{problem}</p>}
        {forSomeone && (
          <p>
            <label>
              {t.requester}
              <br />
              <select
                required
                value={requesterId}
                onChange={(e) => setRequesterId((e.currentTarget as HTMLSelectElement).value)}
                {...described('requesterId')}
              >
                <option value="">{t.chooseRequester}</option>
                {people.map((person) => (
                  <option key={person.person_id} value={person.person_id}>
                    {person.name}
                  </option>
                ))}
              </select>
            </label>
            <FieldError id="ticket-requesterId-error" message={errors.requesterId} />
          </p>
        )}
        <p>
          <label>
            {t.title}
            <br />
            <input
              name="title"
              required
              maxLength={200}
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
              {...described('title')}
            />
          </label>
          <FieldError id="ticket-title-error" message={errors.title} />
        </p>
        <p>
          <label>
            {t.description}
            <br />
            <textarea
              name="description"
              rows={5}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
              {...described('description')}
            />
          </label>
          <FieldError id="ticket-description-error" message={errors.description} />
        </p>
        <p>
          <label>
            {t.category}{' '}
            <select
              value={category}
              onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value)}
            >
              {ticketCategories.map((code) => (
                <option key={code} value={code}>
                  {wordFor(language, 'category', code)}
                </option>
              ))}
            </select>
          </label>
          <FieldError id="ticket-category-error" message={errors.category} />
        </p>
        <p>
          <label>
            {t.priority}{' '}
            <select
              value={priority}
              onChange={(e) => setPriority((e.currentTarget as HTMLSelectElement).value)}
            >
              {ticketPriorities.map((code) => (
                <option key={code} value={code}>
                  {wordFor(language, 'priority', code)}
                </option>
              ))}
            </select>
          </label>
          <FieldError id="ticket-priority-error" message={errors.priority} />
        </p>
        <p>
          <label>
            {t.device}{' '}
            <select
              value={deviceId}
              onChange={(e) => setDeviceId((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t.noDevice}</option>
              {devices.map((device) => (
                <option key={device.device_id} value={device.device_id}>
                  {device.asset_tag} · {device.model}
                </option>
              ))}
            </select>
          </label>
          <FieldError id="ticket-deviceId-error" message={errors.deviceId} />
        </p>
        <button type="submit" disabled={busy}>
          {busy ? t.sending : t.submit}
        </button>
      </form>
    </section>
  );
};
