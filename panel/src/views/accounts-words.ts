import { ApiProblem } from '../api.js';
import type { Language } from '../i18n.js';
import type { Texts } from '../view.js';

/** The roles an account may hold, as the API names them. */
export const accountRoles = ['client_manager', 'employee', 'technician', 'msp_admin', 'auditor'] as const;

const roleWords: Texts<(typeof accountRoles)[number]> = {
  en: {
    client_manager: 'Client manager',
    employee: 'Employee',
    technician: 'Technician',
    msp_admin: 'IT team administrator',
    auditor: 'Auditor',
  },
  pl: {
    client_manager: 'Kierownik po stronie klienta',
    employee: 'Pracownik',
    technician: 'Technik',
    msp_admin: 'Administrator zespołu IT',
    auditor: 'Audytor',
  },
};

/** A role in words; an unknown code stays as it is. */
export const roleWord = (language: Language, role: string) =>
  (roleWords[language] as Record<string, string>)[role] ?? role;

/** The administrator's pages are theirs alone (the API refuses everyone else as well). */
export const adminOnly = ['msp_admin'];

/** What a refused write says: the problem per payload field (by its full path) and one message for the form. */
export const problemsOf = (
  error: unknown,
  fixFields: string,
): { fields: Record<string, string>; message: string } => {
  if (error instanceof ApiProblem && error.errors.length > 0) {
    return { fields: Object.fromEntries(error.errors.map((e) => [e.path, e.message])), message: fixFields };
  }
  return { fields: {}, message: error instanceof Error ? error.message : String(error) };
};

/** The answer to an accepted command. */
export interface Accepted {
  ids: Record<string, string>;
  checkpoint: string;
}

/** A read path that waits until the read models have caught up with a write. */
export const afterWrite = (path: string, checkpoint: string | undefined) =>
  checkpoint ? `${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(checkpoint)}` : path;
