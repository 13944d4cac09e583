import {
  assignDevice,
  completeDeviceRepair,
  reportDeviceLost,
  retireDevice,
  sendDeviceToService,
  transferDevice,
} from '../../commands/device/device-command-handlers.js';
import { registerOrganization } from '../../commands/organization/organization-command-handlers.js';
import { revokeAccess, startPerson } from '../../commands/person/person-command-handlers.js';
import { actorOf, createDemoAccount, grantDemoRole } from './demo-accounts.js';
import type { DemoContext, PlannedCompany } from './demo-context.js';
import {
  accesses,
  device,
  inventory,
  licence,
  newcomers,
  nordlichtManager,
  nordlichtName,
  office,
  staff,
  nordlichtTenantId as tenantId,
} from './demo-nordlicht-data.js';
import { planNordlichtTickets } from './demo-nordlicht-tickets.js';
import {
  accessIdOf,
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

/** Nordlicht Design: a Berlin design studio, with the IT team for eleven months. */
export const planNordlicht = (ctx: DemoContext): PlannedCompany => {
  const { timeline, admin } = ctx;
  const { day, date } = timeline.clock;
  const n: DemoTenant = {
    tenantId,
    key: 'nordlicht',
    currency: 'EUR',
    manager: actorOf(nordlichtManager),
    technician: actorOf(ctx.technician),
  };
  const tech = n.technician;
  const p = (key: string) => personIdOf(n, key);
  const d = (tag: string) => deviceIdOf(n, tag);
  const story = (at: number) => timeline.story(tenantId, at);
  const buy = (at: number, item: Parameters<typeof device>) =>
    registerDemoDevice(story(at), n, timeline.clock, device(...item));
  const hire = (key: keyof typeof newcomers, registered: number, started: number, laptop: string) => {
    registerDemoPerson(story(day(registered, '10:00')), n, newcomers[key], date(started));
    return story(day(started, '08:00'))
      .run(n.manager, startPerson, { personId: p(key) })
      .run(tech, assignDevice, { deviceId: d(laptop), personId: p(key) });
  };

  story(day(340, '08:00')).run(admin, registerOrganization, {
    organizationId: tenantId,
    name: nordlichtName,
    defaultCurrency: 'EUR',
    timeZone: 'Europe/Berlin',
    slaPolicy: {
      P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
      P2: { firstResponseMinutes: 60, resolutionMinutes: 600 },
      P3: { firstResponseMinutes: 240, resolutionMinutes: 2880 },
      P4: { firstResponseMinutes: 1440, resolutionMinutes: 7200 },
    },
    labourRate: money(n, 9500),
    replacementAgeMonths: { laptop: 36, phone: 24, tablet: 36, monitor: 60 },
    ticketReopenWindowDays: 14,
  });
  grantDemoRole(timeline, ctx.accounts, admin, ctx.technician, tenantId, day(340, '08:05'));
  createDemoAccount(timeline, ctx.accounts, admin, nordlichtManager, day(340, '08:10'));

  const setup = story(day(340, '09:00'));
  for (const [who, hiredDaysAgo] of staff) {
    registerDemoPerson(setup, n, who, date(hiredDaysAgo)).run(n.manager, startPerson, {
      personId: p(who.key),
    });
  }
  const stock = story(day(339, '08:30'));
  for (const [item, holder] of inventory) {
    registerDemoDevice(stock, n, timeline.clock, item);
    if (holder) stock.run(tech, assignDevice, { deviceId: d(item.tag), personId: p(holder) });
  }
  const licences = story(day(339, '13:00'));
  for (const [who, systems] of Object.entries(accesses)) {
    for (const system of systems) grantDemoAccess(licences, n, who, system, licence[system]);
  }

  // Two hires without a process: a new laptop and the usual licences each.
  buy(day(336, '10:00'), ['ND-MBP-07', 'laptop', 'Apple', 'MacBook Pro 14" M3', 239900, 336]);
  const emma = hire('emma', 338, 335, 'ND-MBP-07');
  for (const system of [...office, 'Adobe Creative Cloud'] as const) {
    grantDemoAccess(emma, n, 'emma', system, licence[system]);
  }
  buy(day(300, '10:00'), ['ND-MBA-08', 'laptop', 'Apple', 'MacBook Air 15" M3', 169900, 300]);
  const ben = hire('ben', 302, 298, 'ND-MBA-08');
  for (const system of [...office, 'vpn'] as const) grantDemoAccess(ben, n, 'ben', system, licence[system]);

  story(day(200, '11:00')).run(tech, transferDevice, {
    deviceId: d('ND-MON-03'),
    fromPersonId: p('felix'),
    toPersonId: p('ben'),
  });

  // Hannah leaves: her laptop and phone come back, her licences are cancelled.
  const leaving = demoProcess(story(day(160, '10:00')), n, 'offboarding-hannah', 'offboarding', {
    personId: p('hannah'),
    lastDay: date(150),
  })
    .at(day(152, '09:00'))
    .task('back-up-data', 'Mailbox exported, marketing files moved to the team drive')
    .at(day(150, '10:00'))
    .task('collect-device-1', 'MacBook returned with charger', { condition: 'good' })
    .task('collect-device-2', 'iPhone returned, factory reset', { condition: 'good' })
    .at(day(150, '15:00'));
  for (let step = 1; step <= (accesses.hannah ?? []).length; step += 1) leaving.task(`revoke-access-${step}`);
  leaving.task('depart-person', 'Record closed');

  story(day(140, '11:00')).run(tech, retireDevice, {
    deviceId: d('ND-PHN-03'),
    reason: 'sold',
    residualValue: money(n, 18000),
    note: 'Sold to a refurbisher after a certified wipe',
  });
  story(day(120, '16:00')).run(tech, revokeAccess, {
    personId: p('felix'),
    accessId: accessIdOf(n, 'felix', 'Adobe Creative Cloud'),
  });

  // Lukas is onboarded with Hannah's MacBook; the security training waits for the whole team.
  registerDemoPerson(story(day(115, '10:00')), n, newcomers.lukas, date(100));
  demoProcess(story(day(112, '09:00')), n, 'onboarding-lukas', 'onboarding-office', {
    personId: p('lukas'),
    startDate: date(100),
  })
    .at(day(105, '10:00'))
    .task('create-account', 'Mailbox created', licenceOutcome(n, licence['e-mail']))
    .task('grant-office-suite', undefined, licenceOutcome(n, licence['office-suite']))
    .at(day(102, '14:00'))
    .task('prepare-laptop', 'Hannah’s MacBook wiped and re-enrolled in MDM', { deviceId: d('ND-MBA-05') })
    .at(day(100, '07:30'))
    .also((s) => s.run(n.manager, startPerson, { personId: p('lukas') }))
    .at(day(100, '08:00'))
    .task('hand-over-laptop', 'Handed over at the studio')
    .at(day(100, '10:00'))
    .task('first-day-support', 'Adobe and Figma sign-in, printer set up')
    .skip('security-training', 'Security training with the whole team next quarter');
  const lukas = story(day(100, '10:30'));
  for (const system of ['Adobe Creative Cloud', 'Figma'] as const) {
    grantDemoAccess(lukas, n, 'lukas', system, licence[system]);
  }

  // Jonas's MacBook Pro is repaired under a hardware-service process.
  demoProcess(story(day(85, '09:00')), n, 'service-macbook-jonas', 'hardware-service', {
    deviceId: d('ND-MBP-02'),
    problem: 'Display flickers and goes dark when the lid is opened past 90 degrees',
  })
    .at(day(85, '11:00'))
    .also((s) =>
      s.run(tech, sendDeviceToService, {
        deviceId: d('ND-MBP-02'),
        reason: 'Display flickering (suspected display cable)',
        serviceProvider: 'Gravis Service Berlin',
      }),
    )
    .at(day(84, '10:00'))
    .task('diagnose', 'Display flex cable worn through')
    .after(60)
    .task('quote', 'Repair: 389 € (display cable); new MacBook Pro 16": about 3 500 €')
    .at(day(83, '09:30'))
    .decide('approve-repair', 'approve', 'Repair it, the machine is barely a year old')
    .at(day(79, '15:00'))
    .also((s) =>
      s.run(tech, completeDeviceRepair, {
        deviceId: d('ND-MBP-02'),
        cost: money(n, 38900),
        note: 'Display cable replaced, keyboard cleaned',
      }),
    )
    .task('repair', 'Repaired by Gravis Service')
    .task('hand-back', 'Handed back to Jonas, display tested');

  story(day(40, '07:45')).run(n.manager, reportDeviceLost, {
    deviceId: d('ND-PHN-02'),
    loss: 'stolen',
    note: 'Stolen on the S-Bahn; reported to the police, wiped through MDM, SIM blocked',
  });
  buy(day(39, '10:00'), ['ND-PHN-04', 'phone', 'Apple', 'iPhone 15', 94900, 39, 24, 'Telekom'])
    .at(day(38, '09:00'))
    .run(tech, assignDevice, { deviceId: d('ND-PHN-04'), personId: p('felix') });

  // Sophie leaves in ten days: her MacBook is back, her licences still run.
  demoProcess(story(day(3, '09:00')), n, 'offboarding-sophie', 'offboarding', {
    personId: p('sophie'),
    lastDay: date(-10),
  })
    .at(day(2, '10:00'))
    .task('back-up-data', 'Mailbox and DATEV exports archived')
    .at(day(1, '16:00'))
    .task('collect-device-1', 'MacBook returned early, Sophie works on the office PC', { condition: 'good' });

  // Noah starts in twelve days; his laptop is being prepared.
  registerDemoPerson(story(day(8, '10:00')), n, newcomers.noah, date(-12));
  buy(day(5, '10:00'), ['ND-MBA-09', 'laptop', 'Apple', 'MacBook Air 13" M3', 129900, 5]);
  demoProcess(story(day(6, '09:00')), n, 'onboarding-noah', 'onboarding-office', {
    personId: p('noah'),
    startDate: date(-12),
  })
    .at(day(4, '10:00'))
    .task('create-account', 'Mailbox created', licenceOutcome(n, licence['e-mail']))
    .at(day(2, '09:00'))
    .begin('prepare-laptop');

  // A pen display for Mia waits for Lena's approval.
  demoProcess(story(day(4, '11:00')), n, 'purchase-pen-display-mia', 'purchase-request', {
    deviceKind: 'peripheral',
    justification: 'Pen display for the illustrations of the Alpenbahn campaign',
    personId: p('mia'),
  })
    .at(day(3, '14:00'))
    .task('quote', 'Wacom Cintiq Pro 27: 3 199 €, delivery within a week');

  planNordlichtTickets(timeline, n);
  return { tenantId, name: nordlichtName, accounts: [nordlichtManager] };
};
