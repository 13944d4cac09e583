import type { Language } from '../i18n.js';

/** Words for a ticket's coded values, shared by the ticket list, form and card. */
const words = {
  en: {
    status: {
      new: 'New',
      in_progress: 'In progress',
      waiting_for_client: 'Waiting for the client',
      resolved: 'Resolved',
      closed: 'Closed',
    },
    priority: { P1: 'P1 – critical', P2: 'P2 – high', P3: 'P3 – normal', P4: 'P4 – low' },
    category: { incident: 'Incident (something broke)', request: 'Request', question: 'Question' },
    sla: {
      met: 'SLA met',
      breached: 'SLA breached',
      at_risk: 'At risk',
      on_track: 'On track',
      paused: 'Paused (waiting for the client)',
    },
    firstResponse: { met: 'answered in time', breached: 'answered late', pending: 'awaiting an answer' },
    role: {
      employee: 'employee',
      client_manager: 'client manager',
      technician: 'technician',
      msp_admin: 'IT administrator',
      auditor: 'auditor',
    },
  },
  pl: {
    status: {
      new: 'Nowe',
      in_progress: 'W realizacji',
      waiting_for_client: 'Czeka na klienta',
      resolved: 'Rozwiązane',
      closed: 'Zamknięte',
    },
    priority: { P1: 'P1 – krytyczny', P2: 'P2 – wysoki', P3: 'P3 – normalny', P4: 'P4 – niski' },
    category: { incident: 'Awaria (coś nie działa)', request: 'Prośba', question: 'Pytanie' },
    sla: {
      met: 'SLA dotrzymane',
      breached: 'SLA przekroczone',
      at_risk: 'Zagrożone',
      on_track: 'W terminie',
      paused: 'Wstrzymane (czeka na klienta)',
    },
    firstResponse: {
      met: 'odpowiedź w terminie',
      breached: 'odpowiedź po terminie',
      pending: 'czeka na odpowiedź',
    },
    role: {
      employee: 'pracownik',
      client_manager: 'kierownik (klient)',
      technician: 'technik',
      msp_admin: 'administrator IT',
      auditor: 'audytor',
    },
  },
} as const;

type Group = keyof (typeof words)['en'];

export const ticketStatuses = ['new', 'in_progress', 'waiting_for_client', 'resolved', 'closed'] as const;
export const ticketPriorities = ['P1', 'P2', 'P3', 'P4'] as const;
export const ticketCategories = ['incident', 'request', 'question'] as const;

/** The word for a coded value in the language; an unknown code is shown as it is. */
export const wordFor = (language: Language, group: Group, code: string | null | undefined): string =>
  code == null ? '—' : ((words[language][group] as Record<string, string>)[code] ?? code);

export const itTeam = ['technician', 'msp_admin'];
export const holds = (roles: readonly string[], wanted: readonly string[]) =>
  roles.some((role) => wanted.includes(role));

/** One row of GET /api/v1/tickets and the head of the ticket card (snake_case, as the read model stores). */
export interface TicketRow {
  ticket_id: string;
  requester_id: string;
  device_id: string | null;
  category: string;
  priority: string;
  title: string;
  status: string;
  assignee_id: string | null;
  opened_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_response_due_at: string;
  minutes_logged: number;
  billable_minutes: number;
  slaState: string;
  firstResponseState: string;
  resolutionDueAt: string;
}

/** A link inside the panel, without a page reload. */
export const follow = (navigate: (to: string) => void, to: string) => (event: MouseEvent) => {
  event.preventDefault();
  navigate(to);
};
