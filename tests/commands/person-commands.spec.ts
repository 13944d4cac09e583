import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  type CommandDefinition,
  CommandValidationError,
  executeCommand,
} from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { assignDevice, registerDevice } from '../../commands/device/device-command-handlers.js';
import {
  changePersonDetails,
  departPerson,
  erasePersonalData,
  grantAccess,
  personCommands,
  personEmailStream,
  registerPerson,
  revokeAccess,
  startOffboarding,
  startPerson,
} from '../../commands/person/person-command-handlers.js';
import { personStream } from '../../commands/streams.js';
import { DomainError, type Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { failureOf, laptopPayload as laptop } from '../support/commands.js';
import { collect } from '../support/events.js';
import { commandStores } from '../support/stores.js';

const envelope = (
  overrides: Partial<CommandEnvelope> = {},
  role: Role = 'client_manager',
): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId: 'tenant-a',
  actor: { id: 'manager-1', role },
  now: '2026-03-02T10:00:00.000Z',
  ...overrides,
});
const technician = (overrides: Partial<CommandEnvelope> = {}) => envelope(overrides, 'technician');

const newEmail = () => `anna.${randomUUID().slice(0, 8)}@acme.pl`;

const person = (overrides: Record<string, unknown> = {}) => ({
  personId: randomUUID(),
  name: 'Anna Nowak',
  email: newEmail(),
  department: 'Finance',
  costCentre: 'CC-100',
  plannedStart: '2026-03-01',
  ...overrides,
});

for (const { name, create } of commandStores()) {
  describe(`Person commands (${name})`, () => {
    let store: EventStore;
    const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope()) =>
      executeCommand({ store }, definition, payload, env);
    const eventsOf = async (stream: string) => (await collect(store.readStream(stream))).map((e) => e.type);

    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('registers a planned person with the e-mail address in lower case, reserved for them', async () => {
      const anna = person({ email: ' Anna.Nowak.X1@Acme.PL ' });
      const result = await run(registerPerson, anna);
      expect(result).to.include({ stream: personStream(anna.personId), revision: 0n });
      const [event] = await collect(store.readStream(personStream(anna.personId)));
      expect(event?.type).to.equal('PersonRegistered');
      expect(event?.data).to.include({ email: 'anna.nowak.x1@acme.pl' });
      const [reservation] = await collect(
        store.readStream(personEmailStream('tenant-a', 'anna.nowak.x1@acme.pl')),
      );
      expect(reservation?.type).to.equal('PersonEmailReserved');
      expect(reservation?.data).to.include({ personId: anna.personId, email: 'anna.nowak.x1@acme.pl' });
    });

    it('registers exactly one of 20 people racing for the same e-mail address in different case', async () => {
      const email = newEmail();
      const people = Array.from({ length: 20 }, (_, i) =>
        person({ email: i % 2 ? email.toUpperCase() : email }),
      );
      const outcomes = await Promise.allSettled(people.map((p) => run(registerPerson, p)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).to.be.instanceOf(DomainError);
          expect(outcome.reason).to.include({ code: 'PERSON_EMAIL_TAKEN', kind: 'conflict' });
        }
      }
      const registered = await Promise.all(
        people.map(async (p) => (await eventsOf(personStream(p.personId))).length),
      );
      expect(registered.reduce((a, b) => a + b, 0)).to.equal(1);
    });

    it('frees the address of a failed registration, but never the address of a registered person', async () => {
      const anna = person();
      await run(registerPerson, anna);
      const otherEmail = newEmail();
      for (const email of [otherEmail, anna.email]) {
        const again = await failureOf(run(registerPerson, { ...anna, email }));
        expect(again).to.include({ code: 'PERSON_ALREADY_REGISTERED' });
      }
      await run(registerPerson, person({ email: otherEmail }));
      const clash = await failureOf(run(registerPerson, person({ email: anna.email.toUpperCase() })));
      expect(clash).to.include({ code: 'PERSON_EMAIL_TAKEN' });
    });

    it('lets two tenants each register a person with the same e-mail address', async () => {
      const email = newEmail();
      await run(registerPerson, person({ email }));
      const result = await run(registerPerson, person({ email }), envelope({ tenantId: 'tenant-b' }));
      expect(result.eventTypes).to.deep.equal(['PersonRegistered']);
    });

    it('stores the events of a repeated command once and answers as the first time', async () => {
      const anna = person();
      const env = envelope();
      const first = await run(registerPerson, anna, env);
      expect(await run(registerPerson, anna, env)).to.deep.equal(first);
      const grant = {
        personId: anna.personId,
        accessId: randomUUID(),
        system: 'VPN',
        monthlyCost: { amount: 0, currency: 'PLN' },
      };
      const granting = technician();
      const granted = await run(grantAccess, grant, granting);
      expect(await run(grantAccess, grant, granting)).to.deep.equal(granted);
      expect(await eventsOf(personStream(anna.personId))).to.deep.equal([
        'PersonRegistered',
        'AccessGranted',
      ]);
      expect(await eventsOf(personEmailStream('tenant-a', anna.email))).to.deep.equal([
        'PersonEmailReserved',
      ]);
    });

    it("answers another tenant's person as not found and leaves them unchanged", async () => {
      const anna = person();
      await run(registerPerson, anna);
      const error = await failureOf(
        run(startPerson, { personId: anna.personId }, envelope({ tenantId: 'tenant-b' })),
      );
      expect(error).to.include({ kind: 'not_found' });
      expect(await eventsOf(personStream(anna.personId))).to.deep.equal(['PersonRegistered']);
    });

    it('refuses a payload that does not match the schema, naming the fields', async () => {
      const error = await failureOf(
        run(registerPerson, { ...person(), email: 'anna at acme', plannedStart: '1.03.2026', phone: '+48' }),
      );
      expect(error).to.be.instanceOf(CommandValidationError);
      const paths = (error as CommandValidationError).issues.map((i) => i.path);
      expect(paths).to.include.members(['email', 'plannedStart', 'phone']);
    });

    it('takes the phone number and notes trimmed, and a details change clears them with null', async () => {
      const anna = person({ phone: ' 601 244 318 ', notes: '  Prefers a left-handed mouse\n' });
      await run(registerPerson, anna);
      const cleared = await run(changePersonDetails, { personId: anna.personId, phone: null, notes: null });
      expect(cleared.eventTypes).to.deep.equal(['PersonDetailsChanged']);
      const [registered, changed] = await collect(store.readStream(personStream(anna.personId)));
      expect(registered?.data).to.include({ phone: '601 244 318', notes: 'Prefers a left-handed mouse' });
      expect(changed?.data).to.include({ phone: null, notes: null });
    });

    it('refuses null for the phone number or notes at registration: left out, there are none', async () => {
      const error = await failureOf(run(registerPerson, person({ phone: null, notes: null })));
      expect(error).to.be.instanceOf(CommandValidationError);
      expect((error as CommandValidationError).issues.map((i) => i.path)).to.have.members(['phone', 'notes']);
    });

    it('refuses a role that may not send the command', async () => {
      const anna = person();
      const asEmployee = await failureOf(run(registerPerson, anna, envelope({}, 'employee')));
      expect(asEmployee).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
      await run(registerPerson, anna);
      for (const [definition, payload] of [
        [
          grantAccess,
          {
            personId: anna.personId,
            accessId: randomUUID(),
            system: 'ERP',
            monthlyCost: { amount: 1, currency: 'PLN' },
          },
        ],
        [startOffboarding, { personId: anna.personId, processId: randomUUID() }],
        [departPerson, { personId: anna.personId }],
      ] as const) {
        const error = await failureOf(run(definition as CommandDefinition<unknown>, payload));
        expect(error).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
      }
      expect(await eventsOf(personStream(anna.personId))).to.deep.equal(['PersonRegistered']);
    });

    it('lets a person depart only once every access is revoked', async () => {
      const anna = person();
      await run(registerPerson, anna);
      await run(startPerson, { personId: anna.personId });
      const accessId = randomUUID();
      await run(
        grantAccess,
        { personId: anna.personId, accessId, system: 'ERP', monthlyCost: { amount: 9900, currency: 'PLN' } },
        technician(),
      );
      const refused = await failureOf(run(departPerson, { personId: anna.personId }, technician()));
      expect(refused).to.include({ code: 'PERSON_HAS_ACCESSES' });
      await run(revokeAccess, { personId: anna.personId, accessId }, technician());
      const departed = await run(departPerson, { personId: anna.personId }, technician());
      expect(departed.eventTypes).to.deep.equal(['PersonDeparted']);
    });

    it("frees an erased person's e-mail address for someone new, released once however often the erasure is sent", async () => {
      const anna = person();
      await run(registerPerson, anna);
      await run(startPerson, { personId: anna.personId });
      await run(departPerson, { personId: anna.personId }, technician());
      const erasure = { personId: anna.personId, reason: 'GDPR request 7' };
      const erased = await run(erasePersonalData, erasure);
      expect(erased.eventTypes).to.deep.equal(['PersonalDataErased']);
      expect((await run(erasePersonalData, erasure)).eventTypes).to.deep.equal([]);

      const returning = person({ email: anna.email.toUpperCase() });
      expect((await run(registerPerson, returning)).eventTypes).to.deep.equal(['PersonRegistered']);
      const reservation = await collect(store.readStream(personEmailStream('tenant-a', anna.email)));
      expect(reservation.map((event) => [event.type, event.data.personId])).to.deep.equal([
        ['PersonEmailReserved', anna.personId],
        ['PersonEmailReleased', anna.personId],
        ['PersonEmailReserved', returning.personId],
      ]);
      expect(reservation[1]?.metadata.causationId).to.be.a('string');
    });

    it('keeps the address of a person whose erasure is refused: they have not left', async () => {
      const bob = person();
      await run(registerPerson, bob);
      await run(startPerson, { personId: bob.personId });
      const refused = await failureOf(run(erasePersonalData, { personId: bob.personId, reason: 'Asked' }));
      expect(refused).to.include({ code: 'PERSON_NOT_DEPARTED' });

      const clash = await failureOf(run(registerPerson, person({ email: bob.email })));
      expect(clash).to.include({ code: 'PERSON_EMAIL_TAKEN' });
      expect(await eventsOf(personEmailStream('tenant-a', bob.email))).to.deep.equal(['PersonEmailReserved']);
    });

    it('refuses the departure of a person who still holds a device, naming the device', async () => {
      const anna = person();
      await run(registerPerson, anna);
      await run(startPerson, { personId: anna.personId });
      const device = laptop();
      await run(registerDevice, device, technician());
      await run(assignDevice, { deviceId: device.deviceId, personId: anna.personId }, technician());
      const refused = await failureOf(run(departPerson, { personId: anna.personId }, technician()));
      expect(refused).to.include({ code: 'PERSON_HOLDS_DEVICES' });
      expect((refused as DomainError).details).to.deep.equal({ deviceIds: [device.deviceId] });
    });
  });
}

describe('Person command list', () => {
  it('holds every person command once, by type', () => {
    const types = personCommands.map((c) => c.type);
    expect(new Set(types).size).to.equal(types.length);
    expect(types).to.have.length(8);
  });
});
