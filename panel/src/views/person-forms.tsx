import { useState } from 'preact/hooks';
import type { Me } from '../api.js';
import type { Language } from '../i18n.js';
import { type Texts, textsOf } from '../view.js';
import { Labelled, TextField, useStatusLine, useWrite, WriteForm } from './form-fields.js';
import { holds } from './ticket-words.js';

/** What the forms need of the person card (GET /api/v1/people/{id}). */
export interface EditablePerson {
  person_id: string;
  name: string;
  department: string;
  cost_centre: string;
  phone: string | null;
  notes: string | null;
  status: string;
  erased_at: string | null;
}

const texts: Texts<
  | 'fixFields'
  | 'details'
  | 'openDetails'
  | 'openErasure'
  | 'name'
  | 'department'
  | 'costCentre'
  | 'phone'
  | 'phoneHint'
  | 'notes'
  | 'notesHint'
  | 'save'
  | 'saved'
  | 'nothingChanged'
  | 'erasure'
  | 'erasureText'
  | 'erasureKept'
  | 'reason'
  | 'reasonHint'
  | 'understood'
  | 'notUnderstood'
  | 'erase'
  | 'erased'
  | 'erasedOn'
> = {
  en: {
    fixFields: 'Some fields need fixing: see the messages next to them.',
    details: 'Change the details',
    openDetails: 'Change the name, department, cost centre, phone or notes',
    openErasure: 'What erasing does, and the form',
    name: 'Name',
    department: 'Department',
    costCentre: 'Cost centre',
    phone: 'Work phone',
    phoneHint: 'Digits, spaces and - ( ) . /, with + in front for an international number; empty removes it.',
    notes: 'Notes',
    notesHint: 'Up to 2000 characters; empty removes them.',
    save: 'Save the details',
    saved: 'The details are saved.',
    nothingChanged: 'Nothing was changed.',
    erasure: 'Erase personal data',
    erasureText:
      "Erasing deletes the key this person's name, e-mail address, phone and notes are stored under: from then on " +
      'every screen, export and replay shows them as an erased person. It cannot be undone.',
    erasureKept:
      'Their devices, costs, tickets and processes stay, and the history still verifies: only who they were is gone.',
    reason: 'Reason',
    reasonHint: 'Kept in the history with the erasure, e.g. the number of the request.',
    understood: 'I understand that this cannot be undone.',
    notUnderstood: 'Confirm that you understand this cannot be undone.',
    erase: 'Erase for good',
    erased: "The person's personal data is erased.",
    erasedOn: 'Personal data erased on {when}.',
  },
  pl: {
    fixFields: 'Niektóre pola wymagają poprawy: zobacz komunikaty obok nich.',
    details: 'Zmień dane',
    openDetails: 'Zmień imię i nazwisko, dział, centrum kosztów, telefon lub uwagi',
    openErasure: 'Co robi usunięcie, i formularz',
    name: 'Imię i nazwisko',
    department: 'Dział',
    costCentre: 'Centrum kosztów',
    phone: 'Telefon służbowy',
    phoneHint: 'Cyfry, spacje oraz - ( ) . /, z + na początku dla numeru zagranicznego; puste usuwa numer.',
    notes: 'Uwagi',
    notesHint: 'Do 2000 znaków; puste usuwa uwagi.',
    save: 'Zapisz dane',
    saved: 'Dane są zapisane.',
    nothingChanged: 'Nic nie zostało zmienione.',
    erasure: 'Usuń dane osobowe',
    erasureText:
      'Usunięcie kasuje klucz, którym zaszyfrowane są imię i nazwisko, adres e-mail, telefon i uwagi tej osoby: od ' +
      'tej chwili każdy ekran, eksport i odtworzenie historii pokazuje ją jako osobę usuniętą. Nie da się tego cofnąć.',
    erasureKept:
      'Jej urządzenia, koszty, zgłoszenia i procesy zostają, a historia nadal się weryfikuje: znika tylko to, kim była.',
    reason: 'Powód',
    reasonHint: 'Zapisany w historii razem z usunięciem, np. numer wniosku.',
    understood: 'Rozumiem, że tego nie da się cofnąć.',
    notUnderstood: 'Potwierdź, że rozumiesz, że tego nie da się cofnąć.',
    erase: 'Usuń na zawsze',
    erased: 'Dane osobowe tej osoby są usunięte.',
    erasedOn: 'Dane osobowe usunięto {when}.',
  },
};

const staff = ['client_manager', 'technician', 'msp_admin'];
const erasers = ['client_manager', 'msp_admin'];

/** Changing a planned, active or leaving person's details: the client's manager and the IT team. */
export const mayChangeDetails = (me: Me, person: EditablePerson) =>
  holds(me.roles, staff) && person.status !== 'departed' && person.erased_at === null;

/** Erasing a departed person's personal data: the client's manager, or the IT team's administrator on their word. */
export const mayErase = (me: Me, person: EditablePerson) =>
  holds(me.roles, erasers) && person.status === 'departed' && person.erased_at === null;

const path = (person: EditablePerson, action: string) =>
  `/api/v1/people/${encodeURIComponent(person.person_id)}/${action}`;

/** What each of the card's forms is given: the card's person, and what to do once a change is accepted. */
interface SectionProps {
  language: Language;
  person: EditablePerson;
  onChanged(checkpoint: string): void;
}

/** The details form: only what was changed is sent; an emptied phone or notes is removed (null). */
export const PersonDetailsSection = ({ language, person, onChanged }: SectionProps) => {
  const t = textsOf(texts, language);
  // The card's values, as the form shows them (none as empty); the command's field names.
  const shown = {
    name: person.name,
    department: person.department,
    costCentre: person.cost_centre,
    phone: person.phone ?? '',
    notes: person.notes ?? '',
  };
  type Field = keyof typeof shown;
  const [values, setValues] = useState(shown);
  const set = (field: Field) => (value: string) => setValues((now) => ({ ...now, [field]: value }));
  const write = useWrite(t.fixFields);
  const status = useStatusLine(onChanged);
  const save = async () => {
    // Only what changed is sent; an emptied phone or notes is removed (null), the other fields are required.
    const body = Object.fromEntries(
      (Object.keys(shown) as Field[])
        .filter((field) => values[field] !== shown[field])
        .map((field) => [
          field,
          (field === 'phone' || field === 'notes') && values[field].trim() === '' ? null : values[field],
        ]),
    );
    if (Object.keys(body).length === 0) {
      status.setDone(t.nothingChanged);
      return;
    }
    await status.run(write, path(person, 'details'), body, t.saved);
  };
  const textFields: Array<[Field, string]> = [
    ['name', t.name],
    ['department', t.department],
    ['costCentre', t.costCentre],
  ];
  const notesError = write.fields.notes;
  return (
    <section aria-labelledby="person-details-title">
      <h3 id="person-details-title">{t.details}</h3>
      <details>
        <summary>{t.openDetails}</summary>
        <WriteForm write={write} labelledBy="person-details-title" button={t.save} onSubmit={save}>
          {textFields.map(([field, label]) => (
            <TextField
              key={field}
              id={`person-${field}`}
              label={label}
              value={values[field]}
              onInput={set(field)}
              error={write.fields[field]}
            />
          ))}
          <TextField
            id="person-phone"
            label={t.phone}
            value={values.phone}
            onInput={set('phone')}
            error={write.fields.phone}
            hint={t.phoneHint}
            required={false}
            autoComplete="off"
          />
          <Labelled id="person-notes" label={t.notes} hint={t.notesHint} error={notesError}>
            <textarea
              id="person-notes"
              name="person-notes"
              rows={4}
              maxLength={2000}
              value={values.notes}
              onInput={(event) => set('notes')(event.currentTarget.value)}
              aria-describedby={notesError ? 'person-notes-hint person-notes-error' : 'person-notes-hint'}
              {...(notesError ? { 'aria-invalid': true } : {})}
            />
          </Labelled>
        </WriteForm>
      </details>
      <p role="status">{status.done}</p>
    </section>
  );
};

/** Erasure of a departed person's personal data, said plainly before it is done, with a reason kept in the history. */
export const ErasureSection = ({ language, person, onChanged }: SectionProps) => {
  const t = textsOf(texts, language);
  const [reason, setReason] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [unconfirmed, setUnconfirmed] = useState(false);
  const write = useWrite(t.fixFields);
  const status = useStatusLine(onChanged);
  const erase = async () => {
    setUnconfirmed(!understood);
    if (!understood) {
      document.getElementById('erase-understood')?.focus();
      return;
    }
    await status.run(write, path(person, 'erase'), { reason }, t.erased);
  };
  return (
    <section aria-labelledby="person-erasure-title">
      <h3 id="person-erasure-title">{t.erasure}</h3>
      <details>
        <summary>{t.openErasure}</summary>
        <p>{t.erasureText}</p>
        <p>{t.erasureKept}</p>
        <WriteForm
          write={write}
          labelledBy="person-erasure-title"
          problem={unconfirmed ? t.notUnderstood : write.problem}
          button={t.erase}
          onSubmit={erase}
        >
          <TextField
            id="erase-reason"
            label={t.reason}
            value={reason}
            onInput={setReason}
            error={write.fields.reason}
            hint={t.reasonHint}
            maxLength={200}
          />
          <p>
            <input
              id="erase-understood"
              type="checkbox"
              checked={understood}
              onChange={(event) => setUnderstood(event.currentTarget.checked)}
              {...(unconfirmed ? { 'aria-invalid': true } : {})}
            />{' '}
            <label for="erase-understood">{t.understood}</label>
          </p>
        </WriteForm>
      </details>
      <p role="status">{status.done}</p>
    </section>
  );
};

/** Said on the card of a person whose data is erased. */
export const erasedOnText = (language: Language, when: string) =>
  textsOf(texts, language).erasedOn.replace('{when}', when);
