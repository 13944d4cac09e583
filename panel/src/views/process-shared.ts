import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, liveUrl } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { navigate } from '../router.js';
import type { Texts } from '../view.js';

/** A row of GET /processes, as the process list read model stores it. */
export interface ProcessRow {
  process_id: string;
  scenario_id: string;
  scenario_version: number;
  scenario_kind: string;
  title_pl: string;
  title_en: string;
  status: string;
  person_id: string | null;
  parameters: Record<string, string>;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  done_steps: number;
  total_steps: number;
}

export interface ProcessPage {
  items: ProcessRow[];
  nextCursor?: string;
}

/** The answer of every command: its checkpoint is what a following read waits for. */
export interface Accepted {
  commandId: string;
  ids: Record<string, string>;
  checkpoint: string;
}

/** Both languages of the words every process page uses: kinds and statuses. */
export const processWords: Texts<
  | 'onboarding'
  | 'offboarding'
  | 'hardware_service'
  | 'purchase_request'
  | 'access_request'
  | 'running'
  | 'completed'
  | 'rejected'
  | 'cancelled'
  | 'progress'
  | 'you'
> = {
  en: {
    onboarding: 'Onboarding',
    offboarding: 'Offboarding',
    hardware_service: 'Hardware service',
    purchase_request: 'Purchase request',
    access_request: 'Access request',
    running: 'Running',
    completed: 'Completed',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
    progress: '{done} of {total}',
    you: 'you',
  },
  pl: {
    onboarding: 'Wdrożenie',
    offboarding: 'Odejście pracownika',
    hardware_service: 'Serwis sprzętu',
    purchase_request: 'Wniosek o zakup',
    access_request: 'Wniosek o dostęp',
    running: 'W toku',
    completed: 'Zakończony',
    rejected: 'Odrzucony',
    cancelled: 'Anulowany',
    progress: '{done} z {total}',
    you: 'Ty',
  },
};

type Word = keyof (typeof processWords)['en'];

/** A kind or status in words; an unknown one (a newer server) as it came. */
export const wordFor = (language: Language, value: string) =>
  (processWords[language] as Record<string, string>)[value as Word] ?? value;

export const progressText = (language: Language, done: number, total: number) =>
  fill(processWords[language].progress, { done, total });

/** The title of something stored with `title_pl` and `title_en`, in the panel's language. */
export const titleIn = (language: Language, row: { title_pl: string; title_en: string }) =>
  language === 'pl' ? row.title_pl : row.title_en;

/** Who started it: "you" for the caller's own account, else the account id the event recorded. */
export const actorName = (language: Language, actorId: string, myAccountId: string) =>
  actorId === myAccountId ? processWords[language].you : actorId;

/** `?after=<checkpoint>` when there is one, so the read shows what was just done. */
export const afterQuery = (checkpoint: string | undefined, joiner = '?') =>
  checkpoint ? `${joiner}after=${encodeURIComponent(checkpoint)}` : '';

/**
 * Calls `reload(checkpoint)` whenever the server says the processes' read model changed (SSE topic
 * `processes`), for as long as the view is shown.
 */
export const useProcessUpdates = (reload: (checkpoint: string) => void) => {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    const live = new EventSource(liveUrl('/api/v1/live?topics=processes'));
    live.addEventListener('update', (event) => {
      const { checkpoint } = JSON.parse((event as MessageEvent<string>).data) as { checkpoint: string };
      latest.current(checkpoint);
    });
    return () => live.close();
  }, []);
};

/** Who may list people, so the pages can show names instead of ids. */
const peopleReaders = ['client_manager', 'technician', 'msp_admin', 'auditor'];

export interface PersonOption {
  person_id: string;
  name: string;
  status: string;
}

/** The tenant's people, for the roles that may list them; empty for the others (an employee). */
export const usePeople = (roles: readonly string[]) => {
  const [people, setPeople] = useState<PersonOption[]>([]);
  useEffect(() => {
    if (!roles.some((role) => peopleReaders.includes(role))) return;
    api<{ items: PersonOption[] }>('GET', '/api/v1/people?limit=500').then(
      (page) => setPeople(page.items),
      () => undefined,
    );
  }, [roles.join(',')]);
  return people;
};

/** Names of the tenant's people by id (empty for the roles that may not list them). */
export const usePeopleNames = (roles: readonly string[]): ReadonlyMap<string, string> => {
  const people = usePeople(roles);
  return useMemo(() => new Map(people.map((person) => [person.person_id, person.name])), [people]);
};

/** The props of an internal link: followed without a reload. */
export const linkTo = (href: string) => ({
  href,
  onClick: (event: MouseEvent) => {
    event.preventDefault();
    navigate(href);
  },
});
