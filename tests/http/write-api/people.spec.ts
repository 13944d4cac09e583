import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  assignedDevice,
  expectAccepted,
  expectProblem,
  newPerson,
  personBody,
  readAfter,
  uuidShape,
} from './write-fixtures.js';

describe('Write API: people', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  /** The person card as the client manager sees it once `checkpoint` is applied. */
  const card = (personId: string, checkpoint: string) =>
    readAfter(world.managerA, `/people/${personId}`, checkpoint);

  describe('registerPerson', () => {
    it('registers a planned person under a server-made UUID and the person card shows them', async () => {
      const body = personBody({ name: 'Anna Kowalska' });
      const { ids, checkpoint } = expectAccepted(await world.managerA.post('/people', body), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      const { person } = await card(ids.personId as string, checkpoint);
      expect(person).to.include({ name: 'Anna Kowalska', email: body.email, status: 'planned' });
    });

    it('registers a person with a work phone number and notes, and the person card shows them', async () => {
      const notes = 'Prefers a left-handed mouse;\nhybrid: Mon and Thu in the office';
      const body = personBody({ phone: ' +48 (22) 612-40-01 ', notes });
      const { ids, checkpoint } = expectAccepted(await world.managerA.post('/people', body), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      const { person } = await card(ids.personId as string, checkpoint);
      expect(person).to.include({ phone: '+48 (22) 612-40-01', notes });
    });

    it('registers a person without a phone number or notes, the card showing null for both', async () => {
      const { ids, checkpoint } = expectAccepted(await world.managerA.post('/people', personBody()), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      expect((await card(ids.personId as string, checkpoint)).person).to.include({
        phone: null,
        notes: null,
      });
    });

    it('answers 400 naming phone for a number with letters or too few digits, and notes past 2000 characters', async () => {
      for (const phone of ['+48 22 CALL ME', '12', '+48', '601 244 318 ext. 12']) {
        expectProblem(
          await world.managerA.post('/people', personBody({ phone })),
          400,
          'COMMAND_INVALID',
          'phone',
        );
      }
      expectProblem(
        await world.managerA.post('/people', personBody({ notes: 'x'.repeat(2001) })),
        400,
        'COMMAND_INVALID',
        'notes',
      );
    });

    it('registers a distinct person for each request without an Idempotency-Key', async () => {
      const first = expectAccepted(await world.technician.post('/people', personBody()), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      const second = expectAccepted(await world.technician.post('/people', personBody()), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      expect(second.ids.personId).to.match(uuidShape).and.not.equal(first.ids.personId);
    });

    it('answers 400 naming email for an address that is not one', async () => {
      expectProblem(
        await world.managerA.post('/people', personBody({ email: 'nope' })),
        400,
        'COMMAND_INVALID',
        'email',
      );
    });

    it('refuses an employee and an auditor with 403', async () => {
      expectProblem(await world.employeeA.post('/people', personBody()), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await world.auditorA.post('/people', personBody()), 403, 'ROLE_NOT_ALLOWED');
    });

    it('answers 409 for an e-mail address already used in the tenant, and accepts it in another tenant', async () => {
      const body = personBody();
      await accepted(world.managerA.post('/people', body));
      const taken = await world.managerA.post('/people', personBody({ email: body.email }));
      expectProblem(taken, 409, 'PERSON_EMAIL_TAKEN');
      // A conflict does not name who holds the address.
      expect(taken.body).not.to.have.property('details');
      expectAccepted(await world.managerB.post('/people', personBody({ email: body.email })), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
    });

    it("answers 404 when tenant B reuses the id of tenant A's person", async () => {
      const answer = await world.managerB.post('/people', {
        ...personBody(),
        personId: world.employeePersonId,
      });
      expectProblem(answer, 404, 'NOT_FOUND');
    });
  });

  describe('changePersonDetails', () => {
    it('changes the department and the card shows it', async () => {
      const personId = await newPerson(world.managerA);
      const answer = await world.managerA.post(`/people/${personId}/details`, { department: 'Logistics' });
      const { checkpoint } = expectAccepted(answer, { events: ['PersonDetailsChanged'], ids: { personId } });
      expect((await card(personId, checkpoint)).person).to.include({ department: 'Logistics' });
    });

    it('sets the phone number and notes, keeps them when omitted, and clears them with null', async () => {
      const personId = await newPerson(world.managerA);
      const details = (body: Record<string, unknown>) =>
        world.managerA.post(`/people/${personId}/details`, body);

      const set = expectAccepted(await details({ phone: '601 244 318', notes: 'Night shift on Fridays' }), {
        events: ['PersonDetailsChanged'],
        ids: { personId },
      });
      expect((await card(personId, set.checkpoint)).person).to.include({
        phone: '601 244 318',
        notes: 'Night shift on Fridays',
      });

      const moved = expectAccepted(await details({ department: 'Logistics' }), {
        events: ['PersonDetailsChanged'],
        ids: { personId },
      });
      expect((await card(personId, moved.checkpoint)).person).to.include({
        department: 'Logistics',
        phone: '601 244 318',
        notes: 'Night shift on Fridays',
      });

      const cleared = expectAccepted(await details({ phone: null, notes: null }), {
        events: ['PersonDetailsChanged'],
        ids: { personId },
      });
      expect((await card(personId, cleared.checkpoint)).person).to.include({
        department: 'Logistics',
        phone: null,
        notes: null,
      });
      const again = await details({ phone: null, notes: '' });
      expect(again.status, again.text).to.equal(200);
      expect(again.body.events).to.deep.equal([]);
    });

    it('answers 400 naming phone for a number with letters, and notes past 2000 characters, changing nothing', async () => {
      const registered = expectAccepted(await world.managerA.post('/people', personBody()), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      const personId = registered.ids.personId as string;
      expectProblem(
        await world.managerA.post(`/people/${personId}/details`, { department: 'IT', phone: '601-CALL-ME' }),
        400,
        'COMMAND_INVALID',
        'phone',
      );
      expectProblem(
        await world.managerA.post(`/people/${personId}/details`, { notes: 'n'.repeat(2001) }),
        400,
        'COMMAND_INVALID',
        'notes',
      );
      // Read once the registration is applied: the refused changes left nothing to wait for.
      expect((await card(personId, registered.checkpoint)).person).to.include({
        department: 'Finance',
        phone: null,
        notes: null,
      });
    });

    it('answers 400 naming name for an empty name', async () => {
      const answer = await world.managerA.post(`/people/${world.employeePersonId}/details`, { name: '' });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'name');
    });

    it('refuses an employee with 403, even about themselves', async () => {
      const answer = await world.employeeA.post(`/people/${world.employeePersonId}/details`, {
        department: 'IT',
      });
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to tenant B's manager naming tenant A's person", async () => {
      const answer = await world.managerB.post(`/people/${world.employeePersonId}/details`, {
        department: 'IT',
      });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 to change a departed person', async () => {
      const personId = await newPerson(world.technician);
      await accepted(world.technician.post(`/people/${personId}/depart`));
      const answer = await world.managerA.post(`/people/${personId}/details`, { department: 'IT' });
      expectProblem(answer, 422, 'PERSON_DEPARTED');
    });
  });

  describe('startPerson', () => {
    it('starts a planned person and the card shows them active', async () => {
      const personId = await newPerson(world.managerA, { planned: true });
      const { checkpoint } = expectAccepted(await world.managerA.post(`/people/${personId}/start`), {
        events: ['PersonStarted'],
        ids: { personId },
      });
      expect((await card(personId, checkpoint)).person).to.include({ status: 'active' });
    });

    it('answers 400 naming personId for a path id that is not a UUID', async () => {
      expectProblem(await world.managerA.post('/people/42/start'), 400, 'COMMAND_INVALID', 'personId');
    });

    it('refuses an auditor with 403', async () => {
      const personId = await newPerson(world.managerA, { planned: true });
      expectProblem(await world.auditorA.post(`/people/${personId}/start`), 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to tenant B's manager naming tenant A's person", async () => {
      const personId = await newPerson(world.managerA, { planned: true });
      expectProblem(await world.managerB.post(`/people/${personId}/start`), 404, 'NOT_FOUND');
    });

    it('refuses with 422 to start a person who is already active, or before the planned date', async () => {
      expectProblem(
        await world.managerA.post(`/people/${world.employeePersonId}/start`),
        422,
        'PERSON_NOT_PLANNED',
      );
      const later = (
        await accepted(world.managerA.post('/people', personBody({ plannedStart: '2999-01-01' })))
      ).ids.personId as string;
      expectProblem(
        await world.managerA.post(`/people/${later}/start`),
        422,
        'PERSON_START_BEFORE_PLANNED_DATE',
      );
    });
  });

  describe('startPersonOffboarding', () => {
    it('marks an active person as leaving under the process named', async () => {
      const personId = await newPerson(world.technician);
      const processId = randomUUID();
      const answer = await world.technician.post(`/people/${personId}/offboarding`, { processId });
      const { checkpoint } = expectAccepted(answer, {
        events: ['PersonOffboardingStarted'],
        ids: { personId },
      });
      expect((await card(personId, checkpoint)).person).to.include({
        status: 'leaving',
        offboarding_process_id: processId,
      });
    });

    it('answers 400 naming processId when it is missing', async () => {
      const answer = await world.technician.post(`/people/${world.employeePersonId}/offboarding`, {});
      expectProblem(answer, 400, 'COMMAND_INVALID', 'processId');
    });

    it('refuses a client manager with 403: offboarding steps are the IT team’s', async () => {
      const answer = await world.managerA.post(`/people/${world.employeePersonId}/offboarding`, {
        processId: randomUUID(),
      });
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the technician acting in tenant B naming tenant A's person", async () => {
      const answer = await world.technician
        .in(world.tenantB)
        .post(`/people/${world.employeePersonId}/offboarding`, { processId: randomUUID() });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 a person already leaving under another process, and a planned one', async () => {
      const personId = await newPerson(world.technician);
      await accepted(world.technician.post(`/people/${personId}/offboarding`, { processId: randomUUID() }));
      const again = await world.technician.post(`/people/${personId}/offboarding`, {
        processId: randomUUID(),
      });
      expectProblem(again, 422, 'PERSON_ALREADY_LEAVING');
      const planned = await newPerson(world.technician, { planned: true });
      const early = await world.technician.post(`/people/${planned}/offboarding`, {
        processId: randomUUID(),
      });
      expectProblem(early, 422, 'PERSON_NOT_ACTIVE');
    });
  });

  describe('departPerson', () => {
    it('records that a leaving person has left under their offboarding', async () => {
      const personId = await newPerson(world.technician);
      const processId = randomUUID();
      await accepted(world.technician.post(`/people/${personId}/offboarding`, { processId }));
      const answer = await world.technician.post(`/people/${personId}/depart`, { processId });
      const { checkpoint } = expectAccepted(answer, { events: ['PersonDeparted'], ids: { personId } });
      expect((await card(personId, checkpoint)).person.status).to.equal('departed');
    });

    it('answers 400 naming processId when it is not a UUID', async () => {
      const answer = await world.technician.post(`/people/${world.employeePersonId}/depart`, {
        processId: 'p-1',
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'processId');
    });

    it('refuses a client manager with 403', async () => {
      const personId = await newPerson(world.technician);
      expectProblem(await world.managerA.post(`/people/${personId}/depart`), 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the technician acting in tenant B naming tenant A's person", async () => {
      const personId = await newPerson(world.technician);
      expectProblem(
        await world.technician.in(world.tenantB).post(`/people/${personId}/depart`),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses with 422 a person who still holds a device, naming the device in the details', async () => {
      const personId = await newPerson(world.technician);
      const deviceId = await assignedDevice(world.technician, personId);
      const refused = await world.technician.post(`/people/${personId}/depart`);
      expectProblem(refused, 422, 'PERSON_HOLDS_DEVICES');
      expect(refused.body.details).to.deep.equal({ deviceIds: [deviceId] });
    });
  });

  describe('erasePersonalData', () => {
    const reason = { reason: 'GDPR request 2026/17' };
    /** A person who has left: the only kind whose data may be erased. */
    const departedPerson = async () => {
      const personId = await newPerson(world.technician);
      await accepted(world.technician.post(`/people/${personId}/depart`));
      return personId;
    };

    it("erases a departed person's data at the client manager's request; the card shows the placeholder", async () => {
      const personId = await departedPerson();
      const answer = await world.managerA.post(`/people/${personId}/erase`, reason);
      const { checkpoint } = expectAccepted(answer, { events: ['PersonalDataErased'], ids: { personId } });
      const { person } = await card(personId, checkpoint);
      expect(person).to.include({
        name: 'Erased person',
        email: `erased-${personId}@erased.invalid`,
        status: 'departed',
        department: 'Finance',
      });
      expect(person.erased_at).to.be.a('string');
    });

    it("lets the IT team's administrator erase on the client's instruction", async () => {
      const personId = await departedPerson();
      expectAccepted(await world.mspAdmin.post(`/people/${personId}/erase`, reason), {
        events: ['PersonalDataErased'],
        ids: { personId },
      });
    });

    it('answers 400 naming reason when it is missing or empty', async () => {
      const personId = await departedPerson();
      expectProblem(
        await world.managerA.post(`/people/${personId}/erase`, {}),
        400,
        'COMMAND_INVALID',
        'reason',
      );
      expectProblem(
        await world.managerA.post(`/people/${personId}/erase`, { reason: '' }),
        400,
        'COMMAND_INVALID',
        'reason',
      );
    });

    it('refuses a technician, an employee and an auditor with 403', async () => {
      const personId = await departedPerson();
      for (const client of [world.technician, world.employeeA, world.auditorA]) {
        expectProblem(await client.post(`/people/${personId}/erase`, reason), 403, 'ROLE_NOT_ALLOWED');
      }
    });

    it("answers 404 to tenant B's manager naming tenant A's person, and erases nothing", async () => {
      const personId = await departedPerson();
      expectProblem(await world.managerB.post(`/people/${personId}/erase`, reason), 404, 'NOT_FOUND');
      const { rows } = await world.app.database.pool.query(
        'select key from es_person_keys where person_id = $1 and key is not null',
        [personId],
      );
      expect(rows).to.have.length(1);
    });

    it('refuses with 422 a person who has not departed yet', async () => {
      const personId = await newPerson(world.technician);
      expectProblem(
        await world.managerA.post(`/people/${personId}/erase`, reason),
        422,
        'PERSON_NOT_DEPARTED',
      );
    });

    it("frees the erased person's e-mail address for a new person, and not before or by another tenant", async () => {
      const email = `returning.${Date.now()}@example.com`;
      const registered = expectAccepted(await world.managerA.post('/people', personBody({ email })), {
        events: ['PersonRegistered'],
        created: 'personId',
      });
      const personId = registered.ids.personId as string;
      await accepted(world.technician.post(`/people/${personId}/start`));
      await accepted(world.technician.post(`/people/${personId}/depart`));
      const again = () => world.managerA.post('/people', personBody({ email: email.toUpperCase() }));
      expectProblem(await again(), 409, 'PERSON_EMAIL_TAKEN');
      expectProblem(await world.managerB.post(`/people/${personId}/erase`, reason), 404, 'NOT_FOUND');
      expectProblem(await again(), 409, 'PERSON_EMAIL_TAKEN');

      await accepted(world.managerA.post(`/people/${personId}/erase`, reason));
      const returning = expectAccepted(await again(), { events: ['PersonRegistered'], created: 'personId' });
      const { person } = await card(returning.ids.personId as string, returning.checkpoint);
      expect(person).to.include({ email, name: 'Piotr Nowak' });
    });

    it('records nothing when the person is erased already', async () => {
      const personId = await departedPerson();
      await accepted(world.managerA.post(`/people/${personId}/erase`, reason));
      const again = await world.managerA.post(`/people/${personId}/erase`, reason);
      expect(again.status, again.text).to.equal(200);
      expect(again.body.events).to.deep.equal([]);
    });
  });
});
