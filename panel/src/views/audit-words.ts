import type { Language } from '../i18n.js';

/** Who reads the full history: auditors, and the client manager and IT administrators, as the API allows. */
export const historyReaders = ['client_manager', 'msp_admin', 'auditor'];

/** One row of GET /api/v1/audit-log: one recorded event of the tenant. */
export interface AuditRow {
  checkpoint: string;
  event_id: string;
  stream_name: string;
  stream_revision: string | number;
  event_type: string;
  actor_id: string | null;
  actor_role: string | null;
  recorded_at: string;
  data: Record<string, unknown>;
}

/** Event types in words, for the types people look for most; others are split into words. */
const eventWords: Record<string, { en: string; pl: string }> = {
  DeviceRegistered: { en: 'Device registered', pl: 'Zarejestrowano urządzenie' },
  DeviceAssigned: { en: 'Device assigned', pl: 'Przydzielono urządzenie' },
  DeviceReturned: { en: 'Device returned', pl: 'Zwrócono urządzenie' },
  DeviceTransferred: { en: 'Device transferred', pl: 'Przekazano urządzenie' },
  DeviceSentToService: { en: 'Device sent to service', pl: 'Wysłano urządzenie do serwisu' },
  DeviceRepaired: { en: 'Device repaired', pl: 'Naprawiono urządzenie' },
  DeviceDeclaredUnrepairable: {
    en: 'Device declared unrepairable',
    pl: 'Uznano urządzenie za nienaprawialne',
  },
  DeviceRetired: { en: 'Device retired', pl: 'Wycofano urządzenie' },
  DeviceReportedLost: { en: 'Device reported lost', pl: 'Zgłoszono zgubienie urządzenia' },
  PersonRegistered: { en: 'Person registered', pl: 'Zarejestrowano osobę' },
  PersonStarted: { en: 'Person started work', pl: 'Osoba rozpoczęła pracę' },
  PersonDetailsChanged: { en: 'Person details changed', pl: 'Zmieniono dane osoby' },
  PersonOffboardingStarted: { en: 'Offboarding started', pl: 'Rozpoczęto odejście osoby' },
  PersonDeparted: { en: 'Person departed', pl: 'Osoba odeszła' },
  AccessGranted: { en: 'Access granted', pl: 'Przyznano dostęp' },
  AccessRevoked: { en: 'Access revoked', pl: 'Odebrano dostęp' },
  TicketOpened: { en: 'Ticket opened', pl: 'Otwarto zgłoszenie' },
  TicketAssigned: { en: 'Ticket assigned', pl: 'Przypisano zgłoszenie' },
  TicketWorkStarted: { en: 'Work on ticket started', pl: 'Rozpoczęto pracę nad zgłoszeniem' },
  TicketCommented: { en: 'Ticket commented', pl: 'Dodano komentarz do zgłoszenia' },
  TicketWorkLogged: { en: 'Work time logged', pl: 'Zapisano czas pracy' },
  TicketWaitingForClient: { en: 'Ticket waiting for the client', pl: 'Zgłoszenie czeka na klienta' },
  TicketResumed: { en: 'Ticket resumed', pl: 'Wznowiono zgłoszenie' },
  TicketResolved: { en: 'Ticket resolved', pl: 'Rozwiązano zgłoszenie' },
  TicketClosed: { en: 'Ticket closed', pl: 'Zamknięto zgłoszenie' },
  TicketReopened: { en: 'Ticket reopened', pl: 'Ponownie otwarto zgłoszenie' },
  ProcessStarted: { en: 'Process started', pl: 'Rozpoczęto proces' },
  ProcessStepStarted: { en: 'Process step started', pl: 'Rozpoczęto krok procesu' },
  ProcessTaskCompleted: { en: 'Process task completed', pl: 'Wykonano zadanie procesu' },
  ProcessDecisionAnswered: { en: 'Decision answered', pl: 'Podjęto decyzję' },
  ProcessStepSkipped: { en: 'Process step skipped', pl: 'Pominięto krok procesu' },
  ProcessCompleted: { en: 'Process completed', pl: 'Zakończono proces' },
  ProcessRejected: { en: 'Process rejected', pl: 'Odrzucono proces' },
  ProcessCancelled: { en: 'Process cancelled', pl: 'Anulowano proces' },
  OrganizationRegistered: { en: 'Organization registered', pl: 'Zarejestrowano organizację' },
  HistorySealed: { en: 'History sealed', pl: 'Opieczętowano historię' },
  AuditorAccessRecorded: { en: 'History accessed by an auditor', pl: 'Dostęp audytora do historii' },
};

/** The types offered in the audit log's type filter. */
export const commonEventTypes = Object.keys(eventWords);

/** An event type in words: from the list, else its parts (`DeviceAssigned` → "Device assigned"). */
export const eventWord = (language: Language, type: string) => {
  const known = eventWords[type];
  if (known) return known[language];
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const roleWords: Record<string, { en: string; pl: string }> = {
  client_manager: { en: 'Client manager', pl: 'Menedżer klienta' },
  employee: { en: 'Employee', pl: 'Pracownik' },
  technician: { en: 'Technician', pl: 'Technik' },
  msp_admin: { en: 'IT team administrator', pl: 'Administrator zespołu IT' },
  auditor: { en: 'Auditor', pl: 'Audytor' },
};

/** The role that acted, in words; an event without an actor was recorded by the system. */
export const roleWord = (language: Language, role: string | null) =>
  role === null ? 'System' : (roleWords[role]?.[language] ?? role);

/** The kinds of entity the panel has a page for, with that page's path and the kind in words. */
const entityKinds: Record<
  string,
  { page: string; en: string; pl: string; enHistory: string; plHistory: string }
> = {
  device: {
    page: '/devices/',
    en: 'Device',
    pl: 'Urządzenie',
    enHistory: 'History of a device',
    plHistory: 'Historia urządzenia',
  },
  person: {
    page: '/people/',
    en: 'Person',
    pl: 'Osoba',
    enHistory: 'History of a person',
    plHistory: 'Historia osoby',
  },
  ticket: {
    page: '/tickets/',
    en: 'Ticket',
    pl: 'Zgłoszenie',
    enHistory: 'History of a ticket',
    plHistory: 'Historia zgłoszenia',
  },
  process: {
    page: '/processes/',
    en: 'Process',
    pl: 'Proces',
    enHistory: 'History of a process',
    plHistory: 'Historia procesu',
  },
};

const uuidLength = 36;

/** What a stream name (`device-<uuid>`) stands for: its kind, id, the panel page and the words. */
export const entityOf = (stream: string, language: Language) => {
  const id = stream.slice(-uuidLength);
  const kind = stream.length > uuidLength + 1 ? stream.slice(0, -uuidLength - 1) : '';
  const known = entityKinds[kind];
  if (!known || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return {
    kind: kind as 'device' | 'person' | 'ticket' | 'process',
    id,
    href: `${known.page}${id}`,
    word: known[language],
    history: language === 'pl' ? known.plHistory : known.enHistory,
  };
};
