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
    it('registers a person with a work phone number and notes, trimmed', () => {
      const withBoth: PersonEvent = {
        type: 'PersonRegistered',
        data: { ...registered.data, phone: '+48 (22) 612-40-01', notes: 'Prefers a left-handed mouse' },
      };
      spec([])
        .when(register({ phone: ' +48 (22) 612-40-01 ', notes: ' Prefers a left-handed mouse\n' }))
        .then([withBoth]);
      expect(stateAfter(personDecider, [withBoth])).to.deep.include({
        person: { ...details, phone: '+48 (22) 612-40-01', notes: 'Prefers a left-handed mouse' },
      });
    });
    it('accepts the phone numbers people write: short, national, international, with dots, slashes or brackets', () => {
      for (const phone of [
        '112',
        '601 244 318',
        '+49 30 2312 5100',
        '030/2312-5100',
        '22.612.40.01',
        '(22) 612 40 01',
      ]) {
        spec([])
          .when(register({ phone }))
          .then([{ ...registered, data: { ...registered.data, phone } }]);
      }
    });
    it('refuses a phone number with letters, too few digits, too many characters or a + inside', () => {
      for (const phone of [
        '+48 22 CALL ME',
        '601 244 318 ext. 12',
        '  ',
        '12',
        '+48',
        '(-)',
        '+48 22 612 40 01 / 12 / 13 / 14 / 15',
        '48+22 612 40 01',
        '+48 22 612 40 01; drop table',
      ]) {
        spec([]).when(register({ phone })).thenThrows('PERSON_PHONE_INVALID', 'rule');
      }
    });
    it('takes notes of up to 2000 characters, refuses longer ones, and records blank notes as none', () => {
      const longest = 'x'.repeat(2000);
      spec([])
        .when(register({ notes: longest }))
        .then([{ ...registered, data: { ...registered.data, notes: longest } }]);
      spec([])
        .when(register({ notes: `${longest}y` }))
        .thenThrows('PERSON_NOTES_TOO_LONG', 'rule');
      spec([])
        .when(register({ notes: ' \n ' }))
        .then([registered]);
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

    const changed = (data: { phone?: string | null; notes?: string | null }): PersonEvent => ({
      type: 'PersonDetailsChanged',
      data: {
        personId,
        name: 'Anna Nowak',
        department: 'Finance',
        costCentre: 'CC-100',
        ...data,
        changedAt: now,
      },
    });
    const withPhoneAndNotes: PersonEvent = {
      type: 'PersonRegistered',
      data: { ...registered.data, phone: '+48 22 612 40 01', notes: 'Hybrid: Mon and Thu in the office' },
    };

    it('gives a person a phone number and notes, recording only those', () => {
      const given = changed({ phone: '601 244 318', notes: 'Prefers a left-handed mouse' });
      spec([registered, started])
        .when(
          command('ChangePersonDetails', {
            personId,
            phone: '601 244 318 ',
            notes: 'Prefers a left-handed mouse',
          }),
        )
        .then([given]);
      expect(stateAfter(personDecider, [registered, started, given])).to.deep.include({
        person: { ...details, phone: '601 244 318', notes: 'Prefers a left-handed mouse' },
      });
    });
    it('keeps the phone number and notes when a change omits them, and does not copy them into the event', () => {
      const moved: PersonEvent = {
        type: 'PersonDetailsChanged',
        data: { personId, name: 'Anna Nowak', department: 'Sales', costCentre: 'CC-100', changedAt: now },
      };
      spec([withPhoneAndNotes])
        .when(command('ChangePersonDetails', { personId, department: 'Sales' }))
        .then([moved]);
      expect(stateAfter(personDecider, [withPhoneAndNotes, moved])).to.deep.include({
        person: {
          ...details,
          department: 'Sales',
          phone: '+48 22 612 40 01',
          notes: 'Hybrid: Mon and Thu in the office',
        },
      });
    });
    it('clears the phone number and notes with null, and blank notes clear them as well', () => {
      const cleared = changed({ phone: null, notes: null });
      spec([withPhoneAndNotes])
        .when(command('ChangePersonDetails', { personId, phone: null, notes: null }))
        .then([cleared]);
      spec([withPhoneAndNotes])
        .when(command('ChangePersonDetails', { personId, notes: '   ' }))
        .then([changed({ notes: null })]);
      const state = stateAfter(personDecider, [withPhoneAndNotes, cleared]);
      expect(state).to.deep.include({ person: details });
      expect(state.status === 'unregistered' ? undefined : Object.keys(state.person)).not.to.include.members([
        'phone',
        'notes',
      ]);
    });
    it('records nothing when the phone number and notes stay the same, or a missing one is cleared', () => {
      spec([withPhoneAndNotes])
        .when(
          command('ChangePersonDetails', {
            personId,
            phone: ' +48 22 612 40 01',
            notes: 'Hybrid: Mon and Thu in the office ',
          }),
        )
        .then([]);
      spec([registered])
        .when(command('ChangePersonDetails', { personId, phone: null, notes: null }))
        .then([]);
    });
    it('refuses a phone number with letters and notes that are too long, changing nothing', () => {
      spec([withPhoneAndNotes])
        .when(command('ChangePersonDetails', { personId, department: 'Sales', phone: '601 CALL ME' }))
        .thenThrows('PERSON_PHONE_INVALID', 'rule');
      spec([withPhoneAndNotes])
        .when(command('ChangePersonDetails', { personId, notes: 'n'.repeat(2001) }))
        .thenThrows('PERSON_NOTES_TOO_LONG', 'rule');
    });
    it('folds a change stored before phone and notes existed as leaving them as they were', () => {
      const old: PersonEvent = {
        type: 'PersonDetailsChanged',
        data: {
          personId,
          name: 'Anna Kowalska',
          department: 'Finance',
          costCentre: 'CC-100',
          changedAt: now,
        },
      };
      expect(stateAfter(personDecider, [withPhoneAndNotes, old])).to.deep.include({
        person: {
          ...details,
          name: 'Anna Kowalska',
          phone: '+48 22 612 40 01',
          notes: 'Hybrid: Mon and Thu in the office',
        },
      });
    });
    it('folds an erased registration (phone and notes read as null) as a person without them', () => {
      const erasedRegistration: PersonEvent = {
        type: 'PersonRegistered',
        data: { ...withPhoneAndNotes.data, name: 'Erased person', phone: null, notes: null },
      };
      const state = stateAfter(personDecider, [erasedRegistration]);
      expect(state).to.deep.include({ person: { ...details, name: 'Erased person' } });
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
        register({
          email: "O'Brien.Anna+it@Mail.Acme.pl",
          phone: '+48 (22) 612-40-01',
          notes: 'x'.repeat(2000),
        }),
        command('ChangePersonDetails', { personId, costCentre: 'CC-300' }),
        command('ChangePersonDetails', { personId, phone: '030/2312 5100', notes: 'Hybrid' }),
        command('ChangePersonDetails', { personId, phone: null, notes: null }),
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
      expect([...new Set(events.map((event) => event.type))].sort()).to.deep.equal(
        Object.keys(emitted).sort(),
      );
      for (const event of events) {
        expect(() => registry.validate(event.type, 1, event.data), event.type).not.to.throw();
      }
    });
    it('accepts the events stored before phone and notes existed, and the erased null in their place', () => {
      const registry = createSchemaRegistry({ schemas: personEventSchemas });
      const { personId: id, name, department, costCentre } = details;
      const before = { personId: id, name, department, costCentre, changedAt: now };
      expect(() => registry.validate('PersonRegistered', 1, registered.data)).not.to.throw();
      expect(() => registry.validate('PersonDetailsChanged', 1, before)).not.to.throw();
      for (const data of [
        { ...registered.data, phone: null, notes: null },
        { ...before, phone: null, notes: null },
      ]) {
        const type = 'registeredAt' in data ? 'PersonRegistered' : 'PersonDetailsChanged';
        expect(() => registry.validate(type, 1, data), type).not.to.throw();
      }
    });
    it('refuses a stored phone number or notes the domain would never record', () => {
      const registry = createSchemaRegistry({ schemas: personEventSchemas });
      for (const extra of [{ phone: 'call me' }, { phone: '' }, { notes: '' }, { notes: 'x'.repeat(2001) }]) {
        expect(
          () => registry.validate('PersonRegistered', 1, { ...registered.data, ...extra }),
          JSON.stringify(extra).slice(0, 40),
        ).to.throw();
      }
    });
  });
});
