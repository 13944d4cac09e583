import {
  assignDevice,
  reportDeviceLost,
  retireDevice,
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
  kowalskiAuditor,
  kowalskiEmployee,
  kowalskiManager,
  kowalskiName,
  licence,
  newcomers,
  office,
  staff,
  kowalskiTenantId as tenantId,
} from './demo-kowalski-data.js';
import { planKowalskiProcesses } from './demo-kowalski-processes.js';
import { planKowalskiTickets } from './demo-kowalski-tickets.js';
import {
  accessIdOf,
  type DemoTenant,
  deviceIdOf,
  grantDemoAccess,
  money,
  personIdOf,
  registerDemoDevice,
  registerDemoPerson,
} from './demo-stories.js';

/** Kowalski Logistics: a Polish forwarding company, with the IT team for a year. */
export const planKowalski = (ctx: DemoContext): PlannedCompany => {
  const { timeline, admin } = ctx;
  const { day, date } = timeline.clock;
  const k: DemoTenant = {
    tenantId,
    key: 'kowalski',
    currency: 'PLN',
    manager: actorOf(kowalskiManager),
    technician: actorOf(ctx.technician),
  };
  const tech = k.technician;
  const p = (key: string) => personIdOf(k, key);
  const d = (tag: string) => deviceIdOf(k, tag);
  const story = (at: number) => timeline.story(tenantId, at);
  const buy = (at: number, item: Parameters<typeof device>) =>
    registerDemoDevice(story(at), k, timeline.clock, device(...item));

  story(day(362, '08:00')).run(admin, registerOrganization, {
    organizationId: tenantId,
    name: kowalskiName,
    defaultCurrency: 'PLN',
    timeZone: 'Europe/Warsaw',
    slaPolicy: {
      P1: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      P3: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
      P4: { firstResponseMinutes: 480, resolutionMinutes: 4320 },
    },
    labourRate: money(k, 18000),
    replacementAgeMonths: { laptop: 48, desktop: 60, phone: 36, tablet: 48, monitor: 72, printer: 60 },
    ticketReopenWindowDays: 14,
  });
  grantDemoRole(timeline, ctx.accounts, admin, ctx.technician, tenantId, day(362, '08:05'));
  createDemoAccount(timeline, ctx.accounts, admin, kowalskiManager, day(362, '08:10'));
  createDemoAccount(timeline, ctx.accounts, admin, kowalskiAuditor, day(362, '08:20'));

  // The staff list, the inventory and the licences the company came with.
  const setup = story(day(362, '09:00'));
  for (const [who, hiredDaysAgo] of staff) {
    registerDemoPerson(setup, k, who, date(hiredDaysAgo)).run(k.manager, startPerson, {
      personId: p(who.key),
    });
  }
  createDemoAccount(timeline, ctx.accounts, admin, kowalskiEmployee, day(362, '11:00'));
  const stock = story(day(361, '08:30'));
  for (const [item, holder] of inventory) {
    registerDemoDevice(stock, k, timeline.clock, item);
    if (holder) stock.run(tech, assignDevice, { deviceId: d(item.tag), personId: p(holder) });
  }
  const licences = story(day(361, '13:00'));
  for (const [who, systems] of Object.entries(accesses)) {
    for (const system of systems) grantDemoAccess(licences, k, who, system, licence[system]);
  }

  // A second monitor for a forwarder who plans routes on two screens.
  buy(day(321, '10:00'), ['KL-MON-003', 'monitor', 'LG', '27BL650C', 119900, 321])
    .after(24 * 60)
    .run(tech, assignDevice, { deviceId: d('KL-MON-003'), personId: p('tomasz') });

  // Marek joins without a process: a new laptop, the phone Krzysztof gave back, the usual licences.
  registerDemoPerson(story(day(255, '11:00')), k, newcomers.marek, date(245));
  buy(day(248, '10:00'), [
    'KL-LAP-007',
    'laptop',
    'Lenovo',
    'ThinkPad T14 Gen 5',
    629900,
    248,
    36,
    'Komputronik',
  ]);
  const marekStarts = story(day(245, '07:45'))
    .run(k.manager, startPerson, { personId: p('marek') })
    .run(tech, assignDevice, { deviceId: d('KL-LAP-007'), personId: p('marek') })
    .run(tech, assignDevice, { deviceId: d('KL-PHN-002'), personId: p('marek') });
  for (const system of [...office, 'ERP Comarch XL'] as const) {
    grantDemoAccess(marekStarts, k, 'marek', system, licence[system]);
  }

  story(day(210, '14:00')).run(tech, transferDevice, {
    deviceId: d('KL-TAB-001'),
    fromPersonId: p('piotr'),
    toPersonId: p('ewa'),
  });
  buy(day(202, '10:00'), ['KL-PHN-004', 'phone', 'Apple', 'iPhone 15', 399900, 202, 24, 'Orange Polska'])
    .after(2 * 24 * 60)
    .run(tech, assignDevice, { deviceId: d('KL-PHN-004'), personId: p('anna') });

  // The old office printer is replaced.
  buy(day(153, '10:00'), ['KL-PRN-002', 'printer', 'Brother', 'MFC-L8900CDW', 289900, 153])
    .at(day(150, '15:00'))
    .run(tech, retireDevice, {
      deviceId: d('KL-PRN-001'),
      reason: 'end_of_life',
      residualValue: money(k, 0),
      note: 'Zużyty zespół utrwalający, naprawa nieopłacalna; przekazana do utylizacji',
    });

  story(day(120, '16:00')).run(tech, revokeAccess, {
    personId: p('agnieszka'),
    accessId: accessIdOf(k, 'agnieszka', 'vpn'),
  });
  story(day(45, '07:30')).run(k.manager, reportDeviceLost, {
    deviceId: d('KL-TAB-001'),
    loss: 'stolen',
    note: 'Tablet zniknął z wózka na rampie nr 3; zgłoszone na policję, urządzenie zablokowane w MDM',
  });
  buy(day(32, '10:00'), ['KL-LAP-009', 'laptop', 'Dell', 'Latitude 5450', 589900, 32]);
  buy(day(11, '10:00'), ['KL-LAP-008', 'laptop', 'Dell', 'Precision 3590', 899900, 11]);
  registerDemoPerson(story(day(12, '10:00')), k, newcomers.pawel, date(-7));
  registerDemoPerson(story(day(5, '10:00')), k, newcomers.zofia, date(-25));

  planKowalskiProcesses(timeline, k);
  planKowalskiTickets(timeline, k);
  return {
    tenantId,
    name: kowalskiName,
    accounts: [kowalskiManager, kowalskiEmployee, kowalskiAuditor],
  };
};
