import {
  assignDevice,
  declareDeviceUnrepairable,
  sendDeviceToService,
} from '../../commands/device/device-command-handlers.js';
import { startPerson } from '../../commands/person/person-command-handlers.js';
import { accesses, device, licence, newcomers } from './demo-kowalski-data.js';
import {
  type DemoTenant,
  demoProcess,
  deviceIdOf,
  grantDemoAccess,
  licenceOutcome,
  money,
  personIdOf,
  registerDemoDevice,
  registerDemoPerson,
} from './demo-stories.js';
import type { Timeline } from './demo-timeline.js';

/** Kowalski Logistics' processes: two finished, two running, a purchase and an access request. */
export const planKowalskiProcesses = (timeline: Timeline, k: DemoTenant) => {
  const { day, date } = timeline.clock;
  const tech = k.technician;
  const p = (key: string) => personIdOf(k, key);
  const d = (tag: string) => deviceIdOf(k, tag);
  const story = (at: number) => timeline.story(k.tenantId, at);

  // Krzysztof leaves: everything he held comes back, his accounts are closed.
  const leaving = demoProcess(story(day(280, '10:00')), k, 'offboarding-krzysztof', 'offboarding', {
    personId: p('krzysztof'),
    lastDay: date(270),
  })
    .at(day(272, '09:00'))
    .task('back-up-data', 'Skrzynka i OneDrive zarchiwizowane, dostęp do skrzynki dla Tomasza W.')
    .at(day(270, '10:00'))
    .task('collect-device-1', 'Laptop odebrany z zasilaczem', { condition: 'good' })
    .task('collect-device-2', 'Telefon odebrany, rysy na obudowie', { condition: 'worn' })
    .at(day(270, '16:00'));
  for (let n = 1; n <= (accesses.krzysztof ?? []).length; n += 1) leaving.task(`revoke-access-${n}`);
  leaving.task('depart-person', 'Karta pracownika zamknięta');

  // Michał is onboarded with the laptop Krzysztof gave back.
  registerDemoPerson(story(day(238, '12:00')), k, newcomers.michal, date(222));
  demoProcess(story(day(236, '10:00')), k, 'onboarding-michal', 'onboarding-office', {
    personId: p('michal'),
    startDate: date(222),
  })
    .at(day(230, '09:00'))
    .task('create-account', 'Konto M365 założone', licenceOutcome(k, licence['e-mail']))
    .task('grant-office-suite', undefined, licenceOutcome(k, licence['office-suite']))
    .at(day(226, '13:00'))
    .begin('prepare-laptop')
    .after(90)
    .task('prepare-laptop', 'Reinstalacja systemu na laptopie po Krzysztofie L.', {
      deviceId: d('KL-LAP-004'),
    })
    .at(day(222, '07:30'))
    .also((s) => s.run(k.manager, startPerson, { personId: p('michal') }))
    .at(day(222, '08:00'))
    .task('hand-over-laptop', 'Laptop przekazany, protokół podpisany')
    .at(day(222, '11:00'))
    .task('first-day-support', 'Konfiguracja MFA i drukarki')
    .at(day(215, '10:00'))
    .task('security-training', 'Szkolenie z phishingu, 45 minut');
  grantDemoAccess(story(day(222, '12:00')), k, 'michal', 'ERP Comarch XL', licence['ERP Comarch XL']);

  demoProcess(story(day(225, '09:30')), k, 'access-vpn-marek', 'access-request', {
    personId: p('marek'),
    system: 'vpn',
    justification: 'Dyżury weekendowe spedycji z domu',
  })
    .after(45)
    .decide('approve-access', 'approve', 'Zgoda na czas dyżurów')
    .at(day(224, '10:00'))
    .task('grant-access', 'Profil VPN wgrany na laptop', licenceOutcome(k, licence.vpn));

  // Piotr's phone is broken beyond repair: the manager chooses a replacement.
  demoProcess(story(day(135, '09:00')), k, 'service-phone-piotr', 'hardware-service', {
    deviceId: d('KL-PHN-003'),
    problem: 'Telefon spadł z regału: pęknięty wyświetlacz, nie ładuje się',
  })
    .at(day(134, '11:00'))
    .also((s) =>
      s.run(tech, sendDeviceToService, {
        deviceId: d('KL-PHN-003'),
        reason: 'Pęknięty wyświetlacz, uszkodzone gniazdo ładowania',
        serviceProvider: 'Serwis GSM Poznań',
      }),
    )
    .at(day(132, '12:00'))
    .task('diagnose', 'Serwis: uszkodzona płyta główna po upadku')
    .at(day(130, '10:00'))
    .task('quote', 'Naprawa: 780 zł (płyta i ekran); nowy Galaxy A55: 1 899 zł')
    .at(day(129, '14:00'))
    .decide('approve-repair', 'reject', 'Naprawa za prawie pół ceny nowego: wymieniamy')
    .at(day(128, '10:00'))
    .also((s) =>
      s.run(tech, declareDeviceUnrepairable, {
        deviceId: d('KL-PHN-003'),
        cost: money(k, 15000),
        note: 'Płatna diagnoza; urządzenie do utylizacji',
      }),
    )
    .also((s) =>
      registerDemoDevice(
        s,
        k,
        timeline.clock,
        device('KL-PHN-005', 'phone', 'Samsung', 'Galaxy A55', 189900, 128, 24, 'Orange Polska'),
      ),
    )
    .at(day(127, '09:00'))
    .also((s) => s.run(tech, assignDevice, { deviceId: d('KL-PHN-005'), personId: p('piotr') }))
    .task('replace', 'Nowy telefon skonfigurowany, dane przeniesione z kopii')
    .task('hand-back', 'Telefon przekazany Piotrowi');

  // A second monitor for the finance team, bought through a purchase request.
  demoProcess(story(day(75, '10:00')), k, 'purchase-monitor-katarzyna', 'purchase-request', {
    deviceKind: 'monitor',
    justification: 'Drugi monitor do zamknięcia miesiąca (arkusze i ERP obok siebie)',
    personId: p('katarzyna'),
  })
    .at(day(74, '12:00'))
    .task('quote', 'Dell P2725H 27", 899 zł brutto, dostawa 5 dni')
    .at(day(73, '09:00'))
    .decide('approve-purchase', 'approve')
    .at(day(72, '10:00'))
    .task('order', 'Zamówienie x-kom nr 2291')
    .at(day(66, '11:00'))
    .task('receive', 'Dostawa kompletna')
    .task('register-device', undefined, {
      deviceId: d('KL-MON-004'),
      assetTag: 'KL-MON-004',
      serialNumber: `SN-${d('KL-MON-004').slice(0, 8).toUpperCase()}`,
      model: 'P2725H',
      vendor: 'Dell',
      supplier: 'x-kom Biznes',
      purchaseDate: date(68),
      warrantyEnd: date(68 - 1095),
      purchaseCostAmount: 89900,
      purchaseCostCurrency: 'PLN',
    })
    .at(day(65, '09:00'))
    .task('hand-over', 'Monitor podłączony do stacji dokującej');

  // Magdalena's old laptop goes to service; she works on the spare meanwhile.
  demoProcess(story(day(6, '09:30')), k, 'service-laptop-magdalena', 'hardware-service', {
    deviceId: d('KL-LAP-005'),
    problem: 'Spuchnięta bateria, laptop wyłącza się bez zasilacza',
  })
    .at(day(6, '13:00'))
    .task('diagnose', 'Bateria do wymiany; klawiatura wypchnięta przez baterię')
    .at(day(5, '10:00'))
    .task('quote', 'Bateria i klawiatura: 690 zł; nowy laptop: ok. 5 900 zł')
    .at(day(5, '15:00'))
    .decide('approve-repair', 'approve', 'Naprawiamy, laptop wymienimy w przyszłym roku')
    .at(day(4, '09:00'))
    .also((s) =>
      s
        .run(tech, sendDeviceToService, {
          deviceId: d('KL-LAP-005'),
          reason: 'Wymiana baterii i klawiatury',
          serviceProvider: 'Serwis HP Warszawa',
        })
        .run(tech, assignDevice, { deviceId: d('KL-LAP-009'), personId: p('magdalena') }),
    )
    .begin('repair');

  // A developer starts next week; the IDE licence waits for the manager's approval.
  demoProcess(story(day(4, '09:00')), k, 'onboarding-pawel', 'onboarding-developer', {
    personId: p('pawel'),
    startDate: date(-7),
  })
    .at(day(3, '10:00'))
    .task('create-account', 'Konto M365 założone', licenceOutcome(k, licence['e-mail']))
    .task('grant-vpn', undefined, licenceOutcome(k, licence.vpn))
    .at(day(2, '11:00'))
    .task('grant-repository', 'Konto GitLab w grupie wms', licenceOutcome(k, 8400))
    .begin('prepare-workstation')
    .at(day(1, '15:00'))
    .task('prepare-workstation', 'Docker, WSL2, JetBrains Toolbox', { deviceId: d('KL-LAP-008') });
};
