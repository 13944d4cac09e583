import { actorOf } from './demo-accounts.js';
import { kowalskiClosedTickets } from './demo-kowalski-closed-tickets.js';
import { kowalskiEmployee } from './demo-kowalski-data.js';
import { type DemoTenant, demoTicket, routineTicket } from './demo-stories.js';
import type { Timeline } from './demo-timeline.js';

/** Kowalski Logistics' tickets: a year of closed ones and the open ones of this week, in every status. */
export const planKowalskiTickets = (timeline: Timeline, k: DemoTenant) => {
  const { day, minutesAgo } = timeline.clock;
  const tomasz = actorOf(kowalskiEmployee);
  const story = (at: number) => timeline.story(k.tenantId, at);

  for (const ticket of kowalskiClosedTickets(tomasz))
    routineTicket(story(day(ticket.daysAgo, ticket.time)), k, ticket);

  // Waiting for the client, who answers with a comment: the SLA clock runs again by itself.
  demoTicket(story(day(235, '10:30')), k, {
    key: 'dpd-labels',
    requester: 'marek',
    category: 'incident',
    priority: 'P3',
    title: 'Nie drukują się etykiety DPD',
    description: 'Z aplikacji kuriera etykiety trafiają do kolejki, ale drukarka ich nie drukuje.',
  })
    .after(30)
    .assign()
    .start()
    .waitFor('Prosimy o zrzut ekranu komunikatu i nazwę drukarki, na którą idą etykiety.')
    .after(80)
    .reply('Zrzut w załączniku, drukarka Zebra przy rampie 2.', k.manager)
    .after(20)
    .note('Sterownik Zebra ZD421 w wersji sprzed aktualizacji Windows, do podmiany.')
    .work(50, 'Podmiana sterownika Zebra, kalibracja etykiet')
    .resolve('Zaktualizowany sterownik drukarki etykiet, wydruk testowy DPD poprawny.')
    .after(24 * 60)
    .close();

  // Resolved, then reopened by the employee himself: back in progress.
  demoTicket(story(day(6, '10:00')), k, {
    key: 'calendar-sync',
    requester: 'tomasz',
    device: 'KL-PHN-001',
    category: 'incident',
    priority: 'P3',
    openedBy: tomasz,
    title: 'Kalendarz nie synchronizuje się na telefonie',
    description: 'Spotkania dodane w Outlooku nie pojawiają się w telefonie.',
  })
    .after(40)
    .assign()
    .start()
    .reply('Dodamy konto Exchange na telefonie od nowa.')
    .after(30)
    .work(30, 'Ponowne dodanie konta Exchange')
    .at(day(5, '09:00'))
    .resolve('Konto Exchange dodane ponownie, kalendarz zsynchronizowany.')
    .at(day(2, '09:00'))
    .reopen('Po aktualizacji Androida problem wrócił.', tomasz)
    .after(50)
    .note('Podejrzenie: polityka zgodności Intune blokuje synchronizację po aktualizacji.')
    .work(20, 'Analiza raportu zgodności Intune');

  demoTicket(story(day(7, '10:00')), k, {
    key: 'laptop-battery',
    requester: 'magdalena',
    device: 'KL-LAP-005',
    category: 'incident',
    priority: 'P2',
    title: 'Laptop wyłącza się bez zasilacza',
    description: 'Laptop gaśnie po odłączeniu zasilacza, obudowa lekko się wybrzusza.',
  })
    .after(20)
    .assign()
    .start()
    .reply(
      'Proszę nie używać laptopa na baterii. Zakładamy proces serwisowy i przygotujemy laptop zastępczy.',
    )
    .work(30, 'Diagnoza, zgłoszenie serwisowe')
    .at(day(4, '09:30'))
    .resolve('Wydany laptop zastępczy KL-LAP-009; naprawa w serwisie HP w procesie serwisowym.');

  demoTicket(story(day(2, '08:30')), k, {
    key: 'board-reports',
    requester: 'katarzyna',
    category: 'request',
    priority: 'P3',
    title: 'Brak dostępu do folderu Raporty zarządu',
    description: 'Przy otwieraniu folderu pojawia się komunikat o braku uprawnień.',
  })
    .after(35)
    .assign()
    .start()
    .work(15, 'Dodanie do grupy Raporty-Zarząd')
    .after(120)
    .resolve('Dodana do grupy Raporty-Zarząd; uprawnienia działają po ponownym zalogowaniu.');

  demoTicket(story(day(3, '10:15')), k, {
    key: 'barcode-scanner',
    requester: 'ewa',
    category: 'request',
    priority: 'P3',
    title: 'Konfiguracja czytnika kodów w magazynie',
    description: 'Nowy czytnik kodów kreskowych trzeba połączyć z WMS.',
  })
    .after(45)
    .assign()
    .start()
    .work(20, 'Przygotowanie profilu czytnika')
    .waitFor('Prosimy o informację, kiedy możemy podejść na halę: czytnik trzeba sparować na miejscu.');

  demoTicket(story(minutesAgo(180)), k, {
    key: 'vpn-drops',
    requester: 'marek',
    device: 'KL-LAP-007',
    category: 'incident',
    priority: 'P2',
    title: 'VPN rozłącza się co kilka minut',
    description: 'Od rana połączenie VPN zrywa się co kilka minut, nie mogę pracować w systemie ERP.',
  })
    .after(12)
    .assign()
    .start()
    .reply('Sprawdzamy logi bramy VPN.')
    .after(30)
    .note('Logi FortiGate: timeouty DPD, sprawdzić MTU na łączu domowym.')
    .work(40, 'Analiza logów VPN');

  demoTicket(story(minutesAgo(95)), k, {
    key: 'hp-replacement-quote',
    requester: 'anna',
    category: 'question',
    priority: 'P4',
    title: 'Oferta na wymianę laptopów HP',
    description: 'Prosimy o ofertę na wymianę dwóch laptopów HP ProBook, które mają ponad 4 lata.',
  });
  demoTicket(story(minutesAgo(35)), k, {
    key: 'sticky-key',
    requester: 'tomasz',
    device: 'KL-LAP-003',
    category: 'incident',
    priority: 'P3',
    openedBy: tomasz,
    title: 'Klawisz E w laptopie zacina się',
    description: 'Klawisz E trzeba mocno wciskać, czasem nie reaguje.',
  });
};
