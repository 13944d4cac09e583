import { expect } from 'chai';
import {
  type OrganizationCommand,
  type OrganizationEvent,
  organizationDecider,
  organizationEventSchemas,
  type RegisterOrganization,
  type ReplacementPolicy,
  type SlaPolicy,
} from '../../domain/organization/index.js';
import type { CommandContext, Role } from '../../domain/shared/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec, stateAfter } from '../support/decider-spec.js';

const now = '2026-03-02T10:00:00.000Z';
const asRole = (role: Role): CommandContext => ({ tenantId: 'msp', actor: { id: `${role}-1`, role }, now });
const admin = asRole('msp_admin');
const organizationId = 'org-1';
const pln = (amount: number) => ({ amount, currency: 'PLN' });

const slaPolicy: SlaPolicy = {
  P1: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  P3: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  P4: { firstResponseMinutes: 480, resolutionMinutes: 4320 },
};
const settings: RegisterOrganization['data'] = {
  organizationId,
  name: 'Acme sp. z o.o.',
  defaultCurrency: 'PLN',
  timeZone: 'Europe/Warsaw',
  slaPolicy,
  labourRate: pln(18000),
  replacementAgeMonths: { laptop: 36, phone: 24 },
};
const registered: OrganizationEvent = {
  type: 'OrganizationRegistered',
  data: { ...settings, ticketReopenWindowDays: 14, registeredAt: now },
};

const spec = deciderSpec(organizationDecider);
const command = <C extends OrganizationCommand>(type: C['type'], data: C['data'], meta = admin) =>
  ({ type, data, meta }) as C;
const register = (data: Partial<RegisterOrganization['data']> = {}) =>
  command('RegisterOrganization', { ...settings, ...data });
const withTarget = (priority: keyof SlaPolicy, firstResponseMinutes: number, resolutionMinutes: number) => ({
  ...slaPolicy,
  [priority]: { firstResponseMinutes, resolutionMinutes },
});

/** One valid command of each kind that changes a registered organization's settings. */
const changes = (meta: CommandContext): OrganizationCommand[] => [
  command('RenameOrganization', { organizationId, name: 'Acme Group' }, meta),
  command('ChangeTimeZone', { organizationId, timeZone: 'Europe/Berlin' }, meta),
  command('ChangeSlaPolicy', { organizationId, slaPolicy: withTarget('P1', 15, 120) }, meta),
  command('ChangeLabourRate', { organizationId, labourRate: pln(20000) }, meta),
  command('ChangeReplacementPolicy', { organizationId, replacementAgeMonths: { laptop: 48 } }, meta),
  command('ChangeTicketReopenWindow', { organizationId, ticketReopenWindowDays: 30 }, meta),
];

describe('Organization settings', () => {
  describe('registering', () => {
    it('registers a tenant with a ticket reopen window of 14 days when none is given', () => {
      spec([]).when(register()).then([registered]);
      expect(stateAfter(organizationDecider, [registered])).to.deep.include({
        status: 'registered',
        organization: { ...settings, ticketReopenWindowDays: 14 },
      });
    });
    it('keeps the reopen window the registration gives, even none at all', () => {
      spec([])
        .when(register({ ticketReopenWindowDays: 0 }))
        .then([{ ...registered, data: { ...registered.data, ticketReopenWindowDays: 0 } }]);
    });
    it('records the name without surrounding spaces', () => {
      spec([])
        .when(register({ name: '  Acme sp. z o.o. ' }))
        .then([registered]);
    });
    it('accepts UTC and time zone names of two or three parts', () => {
      for (const timeZone of [
        'UTC',
        'America/Argentina/Buenos_Aires',
        'Etc/GMT+5',
        'America/Port-au-Prince',
      ]) {
        spec([])
          .when(register({ timeZone }))
          .then([{ ...registered, data: { ...registered.data, timeZone } }]);
      }
    });
    it('accepts a device kind left out of the replacement policy, and an empty policy', () => {
      spec([])
        .when(register({ replacementAgeMonths: {} }))
        .then([{ ...registered, data: { ...registered.data, replacementAgeMonths: {} } }]);
    });
    it('refuses anyone but an MSP administrator', () => {
      for (const role of ['client_manager', 'employee', 'technician', 'auditor'] as const) {
        spec([])
          .when(command('RegisterOrganization', settings, asRole(role)))
          .thenThrows('ORGANIZATION_ADMIN_ONLY', 'forbidden');
      }
    });
    it('refuses to register the same organization twice', () => {
      spec([registered]).when(register()).thenThrows('ORGANIZATION_ALREADY_REGISTERED', 'rule');
    });
    it('refuses an empty name', () => {
      spec([])
        .when(register({ name: '   ' }))
        .thenThrows('ORGANIZATION_NAME_INVALID');
    });
    it('refuses a currency that is not an ISO 4217 code', () => {
      for (const defaultCurrency of ['pln', 'PLNX', 'zł']) {
        spec([])
          .when(register({ defaultCurrency, labourRate: { amount: 18000, currency: defaultCurrency } }))
          .thenThrows('ORGANIZATION_CURRENCY_INVALID');
      }
    });
    it('refuses a time zone that is not shaped like an IANA name', () => {
      for (const timeZone of ['Warsaw', 'europe/warsaw', 'Europe/Warsaw/', 'Europe Warsaw', 'GMT+1', '']) {
        spec([]).when(register({ timeZone })).thenThrows('ORGANIZATION_TIME_ZONE_INVALID');
      }
    });
    it('refuses an SLA policy that leaves out a priority or names an unknown one', () => {
      const { P4: _, ...withoutP4 } = slaPolicy;
      spec([])
        .when(register({ slaPolicy: withoutP4 as SlaPolicy }))
        .thenThrows('SLA_POLICY_PRIORITIES_INVALID');
      spec([])
        .when(register({ slaPolicy: { ...slaPolicy, P5: withTarget('P1', 1, 2).P1 } as SlaPolicy }))
        .thenThrows('SLA_POLICY_PRIORITIES_INVALID');
    });
    it('refuses SLA targets that are not whole, positive minutes', () => {
      for (const [first, resolution] of [
        [0, 60],
        [-5, 60],
        [30, 90.5],
      ] as const) {
        spec([])
          .when(register({ slaPolicy: withTarget('P2', first, resolution) }))
          .thenThrows('SLA_TARGET_INVALID');
      }
    });
    it('refuses a first response due after the resolution', () => {
      spec([])
        .when(register({ slaPolicy: withTarget('P3', 600, 300) }))
        .thenThrows('SLA_FIRST_RESPONSE_AFTER_RESOLUTION');
    });
    it('accepts a first response due together with the resolution', () => {
      spec([])
        .when(register({ slaPolicy: withTarget('P3', 300, 300) }))
        .then([{ ...registered, data: { ...registered.data, slaPolicy: withTarget('P3', 300, 300) } }]);
    });
    it("refuses a labour rate in another currency than the organization's", () => {
      spec([])
        .when(register({ labourRate: { amount: 4000, currency: 'EUR' } }))
        .thenThrows('LABOUR_RATE_CURRENCY_MISMATCH');
    });
    it('refuses a labour rate that is not whole minor units', () => {
      spec([])
        .when(register({ labourRate: pln(180.5) }))
        .thenThrows('MONEY_INVALID');
    });
    it('refuses a replacement age that is not whole, positive months', () => {
      for (const months of [0, -12, 2.5]) {
        spec([])
          .when(register({ replacementAgeMonths: { laptop: months } }))
          .thenThrows('REPLACEMENT_AGE_INVALID');
      }
    });
    it('refuses a replacement age for a device kind that does not exist', () => {
      spec([])
        .when(register({ replacementAgeMonths: { laptop: 36, toaster: 12 } as ReplacementPolicy }))
        .thenThrows('REPLACEMENT_DEVICE_KIND_UNKNOWN');
    });
    it('refuses a ticket reopen window outside 0 to 365 whole days', () => {
      for (const ticketReopenWindowDays of [-1, 366, 1.5]) {
        spec([]).when(register({ ticketReopenWindowDays })).thenThrows('TICKET_REOPEN_WINDOW_INVALID');
      }
    });
  });

  describe('changing settings', () => {
    it('renames the organization', () => {
      spec([registered])
        .when(command('RenameOrganization', { organizationId, name: 'Acme Group' }))
        .then([
          { type: 'OrganizationRenamed', data: { organizationId, name: 'Acme Group', renamedAt: now } },
        ]);
    });
    it('records nothing when the new name is the current one', () => {
      spec([registered])
        .when(command('RenameOrganization', { organizationId, name: ' Acme sp. z o.o.' }))
        .then([]);
    });
    it('refuses to rename to an empty name', () => {
      spec([registered])
        .when(command('RenameOrganization', { organizationId, name: '' }))
        .thenThrows('ORGANIZATION_NAME_INVALID');
    });
    it('moves the organization to another time zone', () => {
      spec([registered])
        .when(command('ChangeTimeZone', { organizationId, timeZone: 'UTC' }))
        .then([
          { type: 'OrganizationTimeZoneChanged', data: { organizationId, timeZone: 'UTC', changedAt: now } },
        ]);
    });
    it('records nothing when the time zone stays the same', () => {
      spec([registered])
        .when(command('ChangeTimeZone', { organizationId, timeZone: 'Europe/Warsaw' }))
        .then([]);
    });
    it('refuses a time zone that is not shaped like an IANA name', () => {
      spec([registered])
        .when(command('ChangeTimeZone', { organizationId, timeZone: 'CET+1' }))
        .thenThrows('ORGANIZATION_TIME_ZONE_INVALID');
    });
    it('changes the SLA policy', () => {
      const tighter = withTarget('P1', 15, 120);
      spec([registered])
        .when(command('ChangeSlaPolicy', { organizationId, slaPolicy: tighter }))
        .then([
          {
            type: 'OrganizationSlaPolicyChanged',
            data: { organizationId, slaPolicy: tighter, changedAt: now },
          },
        ]);
    });
    it('records nothing when the SLA policy stays the same', () => {
      spec([registered])
        .when(command('ChangeSlaPolicy', { organizationId, slaPolicy: structuredClone(slaPolicy) }))
        .then([]);
    });
    it('refuses an SLA policy whose first response is due after the resolution', () => {
      spec([registered])
        .when(command('ChangeSlaPolicy', { organizationId, slaPolicy: withTarget('P1', 500, 240) }))
        .thenThrows('SLA_FIRST_RESPONSE_AFTER_RESOLUTION');
    });
    it('changes the labour rate', () => {
      spec([registered])
        .when(command('ChangeLabourRate', { organizationId, labourRate: pln(20000) }))
        .then([
          {
            type: 'OrganizationLabourRateChanged',
            data: { organizationId, labourRate: pln(20000), changedAt: now },
          },
        ]);
    });
    it('records nothing when the labour rate stays the same', () => {
      spec([registered])
        .when(command('ChangeLabourRate', { organizationId, labourRate: pln(18000) }))
        .then([]);
    });
    it("refuses a labour rate in another currency than the organization's", () => {
      spec([registered])
        .when(command('ChangeLabourRate', { organizationId, labourRate: { amount: 18000, currency: 'EUR' } }))
        .thenThrows('LABOUR_RATE_CURRENCY_MISMATCH');
    });
    it('changes the replacement policy, which may drop a device kind', () => {
      spec([registered])
        .when(command('ChangeReplacementPolicy', { organizationId, replacementAgeMonths: { laptop: 48 } }))
        .then([
          {
            type: 'OrganizationReplacementPolicyChanged',
            data: { organizationId, replacementAgeMonths: { laptop: 48 }, changedAt: now },
          },
        ]);
    });
    it('records nothing when the replacement policy stays the same, whatever the order of kinds', () => {
      spec([registered])
        .when(
          command('ChangeReplacementPolicy', {
            organizationId,
            replacementAgeMonths: { phone: 24, laptop: 36 },
          }),
        )
        .then([]);
    });
    it('refuses a replacement age that is not whole, positive months', () => {
      spec([registered])
        .when(command('ChangeReplacementPolicy', { organizationId, replacementAgeMonths: { monitor: 0 } }))
        .thenThrows('REPLACEMENT_AGE_INVALID');
    });
    it('changes the ticket reopen window', () => {
      spec([registered])
        .when(command('ChangeTicketReopenWindow', { organizationId, ticketReopenWindowDays: 30 }))
        .then([
          {
            type: 'OrganizationTicketReopenWindowChanged',
            data: { organizationId, ticketReopenWindowDays: 30, changedAt: now },
          },
        ]);
    });
    it('records nothing when the ticket reopen window stays the same', () => {
      spec([registered])
        .when(command('ChangeTicketReopenWindow', { organizationId, ticketReopenWindowDays: 14 }))
        .then([]);
    });
    it('refuses a ticket reopen window longer than a year', () => {
      spec([registered])
        .when(command('ChangeTicketReopenWindow', { organizationId, ticketReopenWindowDays: 400 }))
        .thenThrows('TICKET_REOPEN_WINDOW_INVALID');
    });
    it('refuses to change the settings of an organization that does not exist', () => {
      for (const change of changes(admin)) {
        spec([]).when(change).thenThrows('ORGANIZATION_NOT_FOUND', 'not_found');
      }
    });
    it('refuses a settings change by anyone but an MSP administrator', () => {
      for (const change of changes(asRole('client_manager'))) {
        spec([registered]).when(change).thenThrows('ORGANIZATION_ADMIN_ONLY', 'forbidden');
      }
    });
    it('folds every change into the current settings', () => {
      const history: OrganizationEvent[] = [registered];
      for (const change of changes(admin)) {
        history.push(...organizationDecider.decide(change, stateAfter(organizationDecider, history)));
      }
      expect(history).to.have.length(7);
      expect(stateAfter(organizationDecider, history)).to.deep.equal({
        status: 'registered',
        organization: {
          organizationId,
          name: 'Acme Group',
          defaultCurrency: 'PLN',
          timeZone: 'Europe/Berlin',
          slaPolicy: withTarget('P1', 15, 120),
          labourRate: pln(20000),
          replacementAgeMonths: { laptop: 48 },
          ticketReopenWindowDays: 30,
        },
      });
    });
  });

  describe('event schemas', () => {
    // A Record over the union: the compiler fails when an event type is added without being listed here.
    const emitted: Record<OrganizationEvent['type'], true> = {
      OrganizationRegistered: true,
      OrganizationRenamed: true,
      OrganizationTimeZoneChanged: true,
      OrganizationSlaPolicyChanged: true,
      OrganizationLabourRateChanged: true,
      OrganizationReplacementPolicyChanged: true,
      OrganizationTicketReopenWindowChanged: true,
    };

    it('has a schema for every event type the decider can emit, and none for others', () => {
      const schemaTypes = [...new Set(organizationEventSchemas.map((schema) => schema.type))].sort();
      expect(schemaTypes).to.deep.equal(Object.keys(emitted).sort());
    });
    it('accepts every event the decider emits', () => {
      const registry = createSchemaRegistry({ schemas: organizationEventSchemas });
      const events = [
        ...organizationDecider.decide(register({ timeZone: 'UTC' }), organizationDecider.initialState),
        ...changes(admin).flatMap((change) =>
          organizationDecider.decide(change, stateAfter(organizationDecider, [registered])),
        ),
      ];
      expect(events.map((event) => event.type).sort()).to.deep.equal(Object.keys(emitted).sort());
      for (const event of events) {
        expect(() => registry.validate(event.type, 1, event.data), event.type).not.to.throw();
      }
    });
  });
});
