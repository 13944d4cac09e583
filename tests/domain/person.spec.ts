import { expect } from 'chai';
import {
  type PersonCommand,
  type PersonDetails,
  type PersonEvent,
  personDecider,
  personEventSchemas,
} from '../../domain/person/index.js';
import { type CommandContext, DomainError } from '../../domain/shared/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec, stateAfter } from '../support/decider-spec.js';

const now = '2026-03-02T10:00:00.000Z';
const meta: CommandContext = {
  tenantId: 'tenant-a',
  actor: { id: 'manager-1', role: 'client_manager' },
  now,
};
const personId = 'person-1';
const processId = 'process-1';
const pln = (amount: number) => ({ amount, currency: 'PLN' });

const details: PersonDetails = {
  personId,
  name: 'Anna Nowak',
  email: 'anna.nowak@acme.pl',
  department: 'Finance',
  costCentre: 'CC-100',
  plannedStart: '2026-03-02',
};
const registered: PersonEvent = { type: 'PersonRegistered', data: { ...details, registeredAt: now } };
const started: PersonEvent = { type: 'PersonStarted', data: { personId, startedAt: now } };
const offboardingStarted = (by = processId): PersonEvent => ({
  type: 'PersonOffboardingStarted',
  data: { personId, processId: by, offboardingStartedAt: now },
});
const departed = (by: string | null): PersonEvent => ({
  type: 'PersonDeparted',
  data: { personId, processId: by, departedAt: now },
});
const granted = (accessId: string, system: string, amount = 2500): PersonEvent => ({
  type: 'AccessGranted',
  data: { personId, accessId, system, monthlyCost: pln(amount), grantedAt: now },
});
const revoked = (accessId: string, system: string): PersonEvent => ({
  type: 'AccessRevoked',
  data: { personId, accessId, system, revokedAt: now },
});

const spec = deciderSpec(personDecider);
const command = <C extends PersonCommand>(type: C['type'], data: C['data'], at = now) =>
  ({ type, data, meta: { ...meta, now: at } }) as C;
const register = (data: Partial<PersonDetails> = {}) => command('RegisterPerson', { ...details, ...data });
const grant = (accessId: string, system: string, amount = 2500) =>
  command('GrantAccess', { personId, accessId, system, monthlyCost: pln(amount) });
const depart = (heldDeviceIds: string[] = [], by?: string) =>
  command(
    'DepartPerson',
    by === undefined ? { personId, heldDeviceIds } : { personId, heldDeviceIds, processId: by },
  );
/** The error `decide` throws, so a spec can check its details as well as its code. */
const refusal = (given: PersonEvent[], when: PersonCommand) => {
  try {
    personDecider.decide(when, stateAfter(personDecider, given));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${when.type} was not refused`);
};

describe('Person employment and accesses', () => {
  describe('registering', () => {
    it('registers a planned person, keeping the e-mail address in lower case', () => {
      spec([])
        .when(register({ email: ' Anna.Nowak@ACME.pl ' }))
        .then([registered]);
      expect(stateAfter(personDecider, [registered]).status).to.equal('planned');
    });
    it('registers a person starting on 29 February of a leap year', () => {
      spec([])
        .when(register({ plannedStart: '2028-02-29' }))
        .then([{ ...registered, data: { ...registered.data, plannedStart: '2028-02-29' } }]);
    });
    it('refuses to register the same person twice', () => {
      spec([registered]).when(register()).thenThrows('PERSON_ALREADY_REGISTERED', 'rule');
    });
    it('refuses an e-mail address of the wrong shape', () => {
      for (const email of [
        'anna',
        'anna@',
        '@acme.pl',
        'anna@acme',
        'anna nowak@acme.pl',
        'anna..n@acme.pl',
        'a@acme..pl',
      ]) {
        spec([]).when(register({ email })).thenThrows('PERSON_EMAIL_INVALID');
      }
    });
    it('refuses an empty name, department or cost centre', () => {
      spec([])
        .when(register({ name: ' ' }))
        .thenThrows('PERSON_NAME_INVALID');
      spec([])
        .when(register({ department: '' }))
        .thenThrows('PERSON_DEPARTMENT_INVALID');
      spec([])
        .when(register({ costCentre: '' }))
        .thenThrows('PERSON_COST_CENTRE_INVALID');
    });
    it('refuses a planned start that is not a calendar date', () => {
      for (const plannedStart of ['2026-02-30', '2027-02-29', '2026-13-01', '02.03.2026', '']) {
        spec([]).when(register({ plannedStart })).thenThrows('PERSON_PLANNED_START_INVALID');
      }
    });
  });

  describe('starting', () => {
    it('starts a planned person on their planned start date', () => {
      spec([registered]).when(command('StartPerson', { personId })).then([started]);
      expect(stateAfter(personDecider, [registered, started]).status).to.equal('active');
    });
    it('starts a planned person later than planned', () => {
      spec([registered])
        .when(command('StartPerson', { personId }, '2026-03-09T08:00:00.000Z'))
        .then([{ type: 'PersonStarted', data: { personId, startedAt: '2026-03-09T08:00:00.000Z' } }]);
    });
    it('refuses to start a person before their planned start date', () => {
      spec([registered])
        .when(command('StartPerson', { personId }, '2026-03-01T23:59:59.000Z'))
        .thenThrows('PERSON_START_BEFORE_PLANNED_DATE');
    });
    it('refuses to start a person who has already started', () => {
      spec([registered, started]).when(command('StartPerson', { personId })).thenThrows('PERSON_NOT_PLANNED');
    });
    it('refuses to start a person who was never registered', () => {
      spec([]).when(command('StartPerson', { personId })).thenThrows('PERSON_NOT_FOUND', 'not_found');
    });
  });

  describe('changing details', () => {
    it('moves a person to another department and cost centre, keeping the name', () => {
      const changed: PersonEvent = {
        type: 'PersonDetailsChanged',
        data: { personId, name: 'Anna Nowak', department: 'Sales', costCentre: 'CC-200', changedAt: now },
      };
      spec([registered, started])
        .when(command('ChangePersonDetails', { personId, department: 'Sales', costCentre: 'CC-200' }))
        .then([changed]);
      expect(stateAfter(personDecider, [registered, started, changed])).to.deep.include({
        status: 'active',
        person: { ...details, department: 'Sales', costCentre: 'CC-200' },
      });
    });
    it('records nothing when the details stay the same', () => {
      spec([registered])
        .when(command('ChangePersonDetails', { personId, name: 'Anna Nowak', department: ' Finance' }))
        .then([]);
    });
    it('refuses an empty department', () => {
      spec([registered])
        .when(command('ChangePersonDetails', { personId, department: '  ' }))
        .thenThrows('PERSON_DEPARTMENT_INVALID');
    });
    it('refuses to change the details of a departed person', () => {
      spec([registered, departed(null)])
        .when(command('ChangePersonDetails', { personId, name: 'Anna Kowalska' }))
        .thenThrows('PERSON_DEPARTED');
    });
  });

  describe('accesses', () => {
    it('grants an access to an active person, with its monthly cost', () => {
      spec([registered, started])
        .when(grant('access-1', 'VPN'))
        .then([granted('access-1', 'VPN')]);
    });
    it('grants an access to a planned person ahead of their first day', () => {
      spec([registered])
        .when(grant('access-1', 'e-mail', 1200))
        .then([granted('access-1', 'e-mail', 1200)]);
    });
    it('refuses a second live access to the same system, whatever its case', () => {
      spec([registered, started, granted('access-1', 'VPN')])
        .when(grant('access-2', ' vpn'))
        .thenThrows('ACCESS_ALREADY_GRANTED', 'conflict');
    });
    it('grants an access to a system again once the earlier one was revoked', () => {
      spec([registered, started, granted('access-1', 'VPN'), revoked('access-1', 'VPN')])
        .when(grant('access-2', 'vpn'))
        .then([granted('access-2', 'vpn')]);
    });
    it('refuses to reuse the id of an earlier access', () => {
      spec([registered, started, granted('access-1', 'VPN'), revoked('access-1', 'VPN')])
        .when(grant('access-1', 'ERP'))
        .thenThrows('ACCESS_ID_TAKEN', 'conflict');
    });
    it('refuses an access to a person who is leaving or has departed', () => {
      spec([registered, started, offboardingStarted()])
        .when(grant('access-1', 'ERP'))
        .thenThrows('PERSON_CANNOT_RECEIVE_ACCESS');
      spec([registered, departed(null)])
        .when(grant('access-1', 'ERP'))
        .thenThrows('PERSON_CANNOT_RECEIVE_ACCESS');
    });
    it('refuses a monthly cost that is not whole minor units', () => {
      spec([registered])
        .when(grant('access-1', 'ERP', 99.9))
        .thenThrows('MONEY_INVALID');
    });
    it('refuses an access without a system name', () => {
      spec([registered]).when(grant('access-1', '  ')).thenThrows('ACCESS_SYSTEM_INVALID');
    });
    it('revokes a granted access, naming its system', () => {
      spec([registered, started, granted('access-1', 'VPN')])
        .when(command('RevokeAccess', { personId, accessId: 'access-1' }))
        .then([revoked('access-1', 'VPN')]);
    });
    it('revokes the accesses of a person who is leaving', () => {
      spec([registered, started, granted('access-1', 'ERP'), offboardingStarted()])
        .when(command('RevokeAccess', { personId, accessId: 'access-1' }))
        .then([revoked('access-1', 'ERP')]);
    });
    it('refuses to revoke an access twice', () => {
      spec([registered, granted('access-1', 'VPN'), revoked('access-1', 'VPN')])
        .when(command('RevokeAccess', { personId, accessId: 'access-1' }))
        .thenThrows('ACCESS_ALREADY_REVOKED');
    });
    it('refuses to revoke an access that was never granted', () => {
      spec([registered, granted('access-1', 'VPN')])
        .when(command('RevokeAccess', { personId, accessId: 'access-9' }))
        .thenThrows('ACCESS_NOT_FOUND', 'not_found');
    });
  });

  describe('offboarding', () => {
    it('starts the offboarding of an active person', () => {
      spec([registered, started])
        .when(command('StartOffboarding', { personId, processId }))
        .then([offboardingStarted()]);
      expect(stateAfter(personDecider, [registered, started, offboardingStarted()])).to.include({
        status: 'leaving',
        processId,
      });
    });
    it('records nothing when the same offboarding starts again', () => {
      spec([registered, started, offboardingStarted()])
        .when(command('StartOffboarding', { personId, processId }))
        .then([]);
    });
    it('refuses a second offboarding while one is running', () => {
      spec([registered, started, offboardingStarted()])
        .when(command('StartOffboarding', { personId, processId: 'process-2' }))
        .thenThrows('PERSON_ALREADY_LEAVING');
    });
    it('refuses to offboard a person who never started', () => {
      spec([registered])
        .when(command('StartOffboarding', { personId, processId }))
        .thenThrows('PERSON_NOT_ACTIVE');
    });
    it('refuses to offboard a person who has departed', () => {
      spec([registered, started, departed(null)])
        .when(command('StartOffboarding', { personId, processId }))
        .thenThrows('PERSON_DEPARTED');
    });
  });

  describe('departing', () => {
    it('lets a leaving person depart as the last step of their offboarding', () => {
      spec([registered, started, offboardingStarted()])
        .when(depart([], processId))
        .then([departed(processId)]);
      expect(
        stateAfter(personDecider, [registered, started, offboardingStarted(), departed(processId)]).status,
      ).to.equal('departed');
    });
    it('refuses the departure of a leaving person from another process, or from none', () => {
      spec([registered, started, offboardingStarted()])
        .when(depart([], 'process-2'))
        .thenThrows('PERSON_OFFBOARDING_PROCESS_MISMATCH');
      spec([registered, started, offboardingStarted()])
        .when(depart([]))
        .thenThrows('PERSON_OFFBOARDING_PROCESS_MISMATCH');
    });
    it('refuses the departure of a person who still holds devices, listing them', () => {
      const error = refusal(
        [registered, started, offboardingStarted()],
        depart(['device-1', 'device-2'], processId),
      );
      expect(error.code).to.equal('PERSON_HOLDS_DEVICES');
      expect(error.details).to.deep.equal({ deviceIds: ['device-1', 'device-2'] });
    });
    it('refuses the departure of a person who still has accesses, listing them', () => {
      const given = [
        registered,
        started,
        granted('access-1', 'VPN'),
        granted('access-2', 'ERP'),
        revoked('access-1', 'VPN'),
        offboardingStarted(),
      ];
      const error = refusal(given, depart([], processId));
      expect(error.code).to.equal('PERSON_HAS_ACCESSES');
      expect(error.details).to.deep.equal({ accesses: [{ accessId: 'access-2', system: 'ERP' }] });
    });
    it('lets a person depart once every access is revoked', () => {
      spec([
        registered,
        started,
        granted('access-1', 'VPN'),
        offboardingStarted(),
        revoked('access-1', 'VPN'),
      ])
        .when(depart([], processId))
        .then([departed(processId)]);
    });
    it('lets an active person who holds nothing depart without an offboarding', () => {
      spec([registered, started])
        .when(depart())
        .then([departed(null)]);
    });
    it('refuses a process id for a person who is not being offboarded', () => {
      spec([registered, started])
        .when(depart([], processId))
        .thenThrows('PERSON_OFFBOARDING_PROCESS_MISMATCH');
    });
    it('refuses the direct departure of an active person who holds a device', () => {
      spec([registered, started])
        .when(depart(['device-1']))
        .thenThrows('PERSON_HOLDS_DEVICES');
    });
    it('lets a planned person who never started depart directly, e.g. when the offer is withdrawn', () => {
      spec([registered])
        .when(depart())
        .then([departed(null)]);
    });
    it('refuses to depart a person twice', () => {
      spec([registered, departed(null)])
        .when(depart())
        .thenThrows('PERSON_DEPARTED');
    });
    it('refuses the departure of a person who was never registered', () => {
      spec([]).when(depart()).thenThrows('PERSON_NOT_FOUND', 'not_found');
    });
  });

  describe('erasing personal data', () => {
    const erase = (reason = 'GDPR request 2026/17') => command('ErasePersonalData', { personId, reason });
    const erased: PersonEvent = {
      type: 'PersonalDataErased',
      data: { personId, reason: 'GDPR request 2026/17', erasedAt: now },
    };

    it("erases a departed person's personal data, with the reason", () => {
      spec([registered, started, departed(null)])
        .when(erase())
        .then([erased]);
    });
    it('records nothing when the person is erased already', () => {
      spec([registered, departed(null), erased])
        .when(erase('Asked again'))
        .then([]);
    });
    it('refuses to erase a person who has not departed yet: the data still runs their employment', () => {
      spec([registered, started]).when(erase()).thenThrows('PERSON_NOT_DEPARTED');
      spec([registered, started, offboardingStarted()]).when(erase()).thenThrows('PERSON_NOT_DEPARTED');
    });
    it('refuses an empty reason', () => {
      spec([registered, departed(null)])
        .when(erase('  '))
        .thenThrows('ERASURE_REASON_INVALID');
    });
    it('refuses to erase a person who was never registered', () => {
      spec([]).when(erase()).thenThrows('PERSON_NOT_FOUND', 'not_found');
    });
  });

  describe('event schemas', () => {
    // A Record over the union: the compiler fails when an event type is added without being listed here.
    const emitted: Record<PersonEvent['type'], true> = {
      PersonRegistered: true,
      PersonDetailsChanged: true,
      PersonStarted: true,
      PersonOffboardingStarted: true,
      PersonDeparted: true,
      AccessGranted: true,
      AccessRevoked: true,
      PersonalDataErased: true,
    };

    it('has a schema for every event type the decider can emit, and none for others', () => {
      const schemaTypes = [...new Set(personEventSchemas.map((schema) => schema.type))].sort();
      expect(schemaTypes).to.deep.equal(Object.keys(emitted).sort());
    });
    it('accepts every event the decider emits', () => {
      const registry = createSchemaRegistry({ schemas: personEventSchemas });
      const commands: PersonCommand[] = [
        register({ email: "O'Brien.Anna+it@Mail.Acme.pl" }),
        command('ChangePersonDetails', { personId, costCentre: 'CC-300' }),
        command('StartPerson', { personId }),
        grant('access-1', 'ERP'),
        command('RevokeAccess', { personId, accessId: 'access-1' }),
        command('StartOffboarding', { personId, processId }),
        depart([], processId),
        command('ErasePersonalData', { personId, reason: 'GDPR request 2026/17' }),
      ];
      const events: PersonEvent[] = [];
      for (const next of commands)
        events.push(...personDecider.decide(next, stateAfter(personDecider, events)));
      expect(events.map((event) => event.type).sort()).to.deep.equal(Object.keys(emitted).sort());
      for (const event of events) {
        expect(() => registry.validate(event.type, 1, event.data), event.type).not.to.throw();
      }
    });
  });
});
