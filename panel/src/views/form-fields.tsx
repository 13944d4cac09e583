import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { type Accepted, problemsOf } from './accounts-words.js';

/** The problem the server found in one field, next to that field (and named by its aria-describedby). */
export const FieldError = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <span id={id} class="field-error">
      {message}
    </span>
  ) : null;

/** A field's paragraph: its label above the control, then (where given) a hint and the server's problem. */
export const Labelled = ({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ComponentChildren;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}) => (
  <p>
    <label for={id}>{label}</label>
    <br />
    {children}
    {hint && (
      <small id={`${id}-hint`}>
        <br />
        {hint}
      </small>
    )}
    <FieldError id={`${id}-error`} message={error} />
  </p>
);

/** A labelled text input with the server's problem for its field under it. */
export const TextField = ({
  id,
  label,
  value,
  onInput,
  error,
  hint,
  type = 'text',
  required = true,
  maxLength,
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  error: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'date';
  required?: boolean;
  maxLength?: number;
  autoComplete?: string;
}) => {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        // Preact types each input type's attributes apart; these fields share the same few.
        type={type as 'text'}
        required={required}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        {...(maxLength ? { maxLength } : {})}
        {...(autoComplete ? { autoComplete } : {})}
        {...(described ? { 'aria-describedby': described } : {})}
        {...(error ? { 'aria-invalid': true } : {})}
      />
    </Labelled>
  );
};

/** One form's write: busy while it runs, the server's problems per field and a message when refused. */
export const useWrite = (fixFields: string) => {
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | undefined>();
  // Most writes answer `Accepted`; a POST that reads (verifying the history) answers its own shape.
  const send = async <A = Accepted>(path: string, body: unknown) => {
    setBusy(true);
    setFields({});
    setProblem(undefined);
    try {
      return await api<A>('POST', path, body);
    } catch (error) {
      const refused = problemsOf(error, fixFields);
      setFields(refused.fields);
      setProblem(refused.message);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, fields, problem, send };
};

export type Write = ReturnType<typeof useWrite>;

/**
 * A section's status line (`done`): `run` clears it, sends one command through `write` and, once the command
 * is accepted, says `said` there and hands the checkpoint to `onChanged`. Answers the accepted answer.
 */
export const useStatusLine = (onChanged: (checkpoint: string) => void) => {
  const [done, setDone] = useState('');
  const run = async <A extends Accepted = Accepted>(write: Write, path: string, body: unknown, said = '') => {
    setDone('');
    const answer = await write.send<A>(path, body);
    if (answer) {
      setDone(said);
      onChanged(answer.checkpoint);
    }
    return answer;
  };
  return { done, setDone, run };
};

/** A form that sends one write: its problem as an alert on top, its fields, and a submit button while not busy. */
export const WriteForm = ({
  write,
  label,
  labelledBy,
  problem = write.problem,
  button,
  onSubmit,
  children,
}: {
  write: Write;
  /** The form's name, or the id of the heading that names it. */
  label?: string;
  labelledBy?: string;
  /** What the alert says, the write's problem unless told. */
  problem?: string | undefined;
  button: string;
  onSubmit(): unknown;
  children: ComponentChildren;
}) => (
  <form
    noValidate
    {...(labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': label })}
    onSubmit={(event) => {
      event.preventDefault();
      void onSubmit();
    }}
  >
    {problem && <p role="alert">{problem}</p>}
    {children}
    <button type="submit" disabled={write.busy}>
      {button}
    </button>
  </form>
);
