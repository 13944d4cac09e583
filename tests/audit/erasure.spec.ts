import { expect } from 'chai';
import { verifyChains } from '../../audit/verify.js';
import { createPostgresEventStore } from '../../event-store/index.js';
import { allProjections, rebuildProjections } from '../../projections/index.js';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import {
  accepted,
  expectAccepted,
  newDevice,
  personBody,
  readAfter,
  ticketBody,
} from '../http/write-api/write-fixtures.js';

/**
 * Erasure of a person's personal data (issue 7, item 5), end to end through the real app: the personal data
 * is never stored in plain text, and after the erasure every read, replay and rebuild shows the person as
 * erased while what the person did (devices held, costs, tickets) is unchanged.
 */
describe('Erasing a departed person keeps their history and hides who they were', function () {
  this.timeout(120_000);
  let world: TestWorld;
  const name = 'Zofia Erasable';
  const phone = '+48 22 612 40 77';
  const notes = 'Prefers a left-handed mouse; hybrid Mon/Thu';
  const newNotes = 'Hybrid Tue/Fri from March';
  /** What must never be readable in a stored row or the audit log: each personal value. */
  const personalTexts = () => ['Zofia', email, '612 40 77', 'left-handed', 'Tue/Fri'];
  let email: string;
  let personId: string;
  let deviceId: string;

  /** Everything about the person that must survive the erasure. */
  const history = async (checkpoint?: string) => {
    const read = (path: string) =>
      checkpoint ? readAfter(world.managerA, path, checkpoint) : world.managerA.get(path).then((a) => a.body);
    const card = await read(`/people/${personId}`);
    const costs = await read('/reports/costs/by/person?fromMonth=2000-01&toMonth=2999-12');
    const timeline = await read(`/devices/${deviceId}/timeline`);
    return {
      person: card.person,
      history: {
        devicesEver: card.devicesEver,
        devicesNow: card.devicesNow,
        ticketIds: card.ticketIds,
        processIds: card.processIds,
        accesses: card.accesses,
        costs: (costs.items as Array<{ key: string | null }>).filter((item) => item.key === personId),
        timeline,
      },
    };
  };
  const storedText = async () =>
    (
      await world.app.database.pool.query<{ text: string }>(
        `select type, data::text || metadata::text as text from es_events
          where data->>'personId' = $1 or data->>'requesterId' = $1 order by global_position`,
        [personId],
      )
    ).rows.map((row) => row.text);
  const auditLogText = async () =>
    (
      await world.app.database.pool.query<{ text: string }>(
        "select data::text as text from audit_log where data->>'personId' = $1",
        [personId],
      )
    ).rows.map((row) => row.text);

  before(async () => {
    world = await startTestWorld();
    const body = personBody({ name, phone, notes });
    email = body.email;
    personId = (await accepted(world.managerA.post('/people', body))).ids.personId as string;
    await accepted(world.managerA.post(`/people/${personId}/start`));
    await accepted(
      world.managerA.post(`/people/${personId}/details`, { name: `${name} Renamed`, notes: newNotes }),
    );
    deviceId = await newDevice(world.technician);
    await accepted(world.technician.post(`/devices/${deviceId}/assign`, { personId }));
    const access = await accepted(
      world.technician.post(`/people/${personId}/accesses`, {
        system: 'VPN',
        monthlyCost: { amount: 2500, currency: 'PLN' },
      }),
    );
    await accepted(world.technician.post('/tickets', ticketBody(personId)));
    await accepted(
      world.technician.post(`/devices/${deviceId}/return`, { condition: 'good', note: 'back from the desk' }),
    );
    await accepted(world.technician.post(`/people/${personId}/accesses/${access.ids.accessId}/revoke`));
    await accepted(world.technician.post(`/people/${personId}/depart`));
    await world.settle();
  });
  after(() => world?.close());

  it('never stores the name, e-mail address, phone number or notes in plain text, while the person card shows them', async () => {
    const rows = await storedText();
    expect(rows.length).to.be.greaterThan(5);
    for (const row of rows) {
      for (const text of personalTexts()) expect(row).not.to.include(text);
    }
    const { person } = await history();
    expect(person).to.include({ name: `${name} Renamed`, email, phone, notes: newNotes, erased_at: null });
    const replayed = await world.auditorA.get(`/people/${personId}?asOf=${new Date().toISOString()}`);
    expect(replayed.status, replayed.text).to.equal(200);
    expect(replayed.body.state).to.include({ name: `${name} Renamed`, phone, notes: newNotes });
    // The audit log keeps who did what and when, but no copy of personal data an erasure could not reach.
    const logged = await auditLogText();
    expect(logged.length).to.be.greaterThan(5);
    for (const row of logged) {
      for (const text of personalTexts()) expect(row).not.to.include(text);
    }
  });

  it('after the erasure and after a full rebuild shows the person erased, with the same history', async () => {
    const before = await history();
    expect(before.history.devicesEver).to.have.length(1);
    expect(before.history.ticketIds).to.have.length(1);
    expect(before.history.costs).to.have.length(1);
    const stored = await storedText();

    const { checkpoint } = expectAccepted(
      await world.managerA.post(`/people/${personId}/erase`, { reason: 'GDPR request 2026/17' }),
      { events: ['PersonalDataErased'], ids: { personId } },
    );
    const erased = await history(checkpoint);
    expect(erased.person).to.include({
      name: 'Erased person',
      email: `erased-${personId}@erased.invalid`,
      phone: null,
      notes: null,
    });
    expect(erased.person.erased_at).to.be.a('string');
    expect(erased.history).to.deep.equal(before.history);
    // The stored events are untouched: the erasure only appended its own event and deleted the key.
    expect((await storedText()).slice(0, stored.length)).to.deep.equal(stored);
    const { rows } = await world.app.database.pool.query(
      'select key from es_person_keys where person_id = $1',
      [personId],
    );
    expect(rows).to.deep.equal([{ key: null }]);

    await rebuildProjections({
      db: world.app.database.db,
      store: world.app.database.store,
      projections: allProjections,
    });
    const rebuilt = await history();
    expect(rebuilt.person).to.include({
      name: 'Erased person',
      email: `erased-${personId}@erased.invalid`,
      phone: null,
      notes: null,
    });
    // Rebuilt from the events alone, which now read with placeholders: no copy of the values survives.
    const { rows: listed } = await world.app.database.pool.query(
      'select phone, notes from person_list where person_id = $1',
      [personId],
    );
    expect(listed).to.deep.equal([{ phone: null, notes: null }]);
    expect(rebuilt.person.erased_at).to.be.a('string');
    expect(rebuilt.history).to.deep.equal(before.history);
  });

  it("leaves every other person's data as it was", async () => {
    const answer = await world.managerA.get(`/people/${world.employeePersonId}`);
    expect(answer.body.person).to.include({ name: 'Ewa Employee', erased_at: null });
  });

  it("still verifies the tenant's hash chain after the erasure, over the stored rows", async () => {
    const raw = createPostgresEventStore({ pool: world.app.database.pool });
    const report = await verifyChains(raw, { tenantId: world.tenantA });
    const overApi = await world.auditorA.get('/audit/verify');

    expect(report.problems).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.events).to.be.greaterThan(0);
    expect(overApi.status, overApi.text).to.equal(200);
    expect(overApi.body.ok).to.equal(true);
  });

  it('replays the erased person as erased in the point-in-time state as well', async () => {
    const answer = await world.auditorA.get(`/people/${personId}?asOf=${new Date().toISOString()}`);
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.text).to.include('Erased person');
    for (const text of personalTexts()) expect(answer.text).not.to.include(text);
    expect(answer.body.state).to.include({ phone: null, notes: null });
  });
});
