import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { erasedPersonEmail, personalDataCatalogue } from '../../domain/person/personal-data.js';
import {
  createInMemoryEventStore,
  createInMemoryPersonKeys,
  createPostgresEventStore,
  createPostgresPersonKeys,
  type EventStore,
  migrateEventStore,
  type NewEvent,
  PersonalDataError,
  type PersonKeys,
  withEventSchemas,
  withPersonalData,
  withPersonKeyCache,
} from '../../event-store/index.js';
import { createTestDatabase } from '../support/database.js';
import { collect, receive } from '../support/events.js';
import { schemaRegistry } from '../support/stores.js';

const tenantId = 'tenant-a';
const meta = (tenant = tenantId) => ({
  tenantId: tenant,
  actor: { id: 'manager-1', role: 'client_manager' },
  schemaVersion: 1,
});
const at = '2026-03-02T10:00:00.000Z';

const registered = (personId: string, name: string, email: string, tenant = tenantId): NewEvent => ({
  id: randomUUID(),
  type: 'PersonRegistered',
  data: {
    personId,
    name,
    email,
    department: 'Finance',
    costCentre: 'CC-100',
    plannedStart: '2026-03-02',
    registeredAt: at,
  },
  metadata: meta(tenant),
});
const renamed = (personId: string, name: string): NewEvent => ({
  id: randomUUID(),
  type: 'PersonDetailsChanged',
  data: { personId, name, department: 'Finance', costCentre: 'CC-200', changedAt: at },
  metadata: meta(),
});
/** A change that sets the phone number and notes (null: removes them). */
const phoneAndNotesChanged = (personId: string, phone: string | null, notes: string | null): NewEvent => ({
  id: randomUUID(),
  type: 'PersonDetailsChanged',
  data: { personId, name: 'Anna', department: 'Finance', costCentre: 'CC-100', phone, notes, changedAt: at },
  metadata: meta(),
});
const reserved = (personId: string, email: string): NewEvent => ({
  id: randomUUID(),
  type: 'PersonEmailReserved',
  data: { personId, email, reservedAt: at },
  metadata: meta(),
});
const departed = (personId: string): NewEvent => ({
  id: randomUUID(),
  type: 'PersonDeparted',
  data: { personId, processId: null, departedAt: at },
  metadata: meta(),
});
const erasure = (personId: string): NewEvent => ({
  id: randomUUID(),
  type: 'PersonalDataErased',
  data: { personId, reason: 'GDPR request 2026/17', erasedAt: at },
  metadata: meta(),
});

interface Person {
  personId: string;
  stream: string;
  emailStream: string;
  name: string;
  email: string;
}
const newPerson = (): Person => {
  const personId = randomUUID();
  const tag = personId.slice(0, 8);
  return {
    personId,
    stream: `person-${personId}`,
    emailStream: `person_email-${randomUUID()}`,
    name: `Anna ${tag}`,
    email: `anna.${tag}@acme.pl`,
  };
};

describe('Personal data: encrypted per person, erased by deleting the key', () => {
  let connectionString: string;
  let pool: pg.Pool;
  let raw: EventStore;
  /** A process's view: its own key cache over the shared key table. */
  const storeOf = (keys: PersonKeys = withPersonKeyCache(createPostgresPersonKeys(pool))) =>
    withEventSchemas(withPersonalData(raw, { catalogue: personalDataCatalogue, keys }), schemaRegistry);
  let store: EventStore;

  before(async () => {
    connectionString = await createTestDatabase('personal');
    await migrateEventStore({ connectionString });
    pool = new pg.Pool({ connectionString });
    // pool.end() resolves before its clients' sockets close; the server stopping after the run must not
    // reach an idle client as an unhandled error.
    pool.on('error', () => undefined);
    raw = createPostgresEventStore({ pool, pollIntervalMs: 50 });
    store = storeOf();
  });
  after(async () => {
    await raw.close();
    await pool.end();
  });

  /** Registers a person with a rename and an e-mail reservation; answers the person. */
  const registerPerson = async (target = store) => {
    const person = newPerson();
    await target.appendToStream(
      person.stream,
      [registered(person.personId, person.name, person.email), renamed(person.personId, `${person.name}-B`)],
      { expectedRevision: 'no_stream' },
    );
    await target.appendToStream(person.emailStream, [reserved(person.personId, person.email)], {
      expectedRevision: 'no_stream',
    });
    return person;
  };
  const erase = async (person: Person, target = store) => {
    await target.appendToStream(person.stream, [departed(person.personId), erasure(person.personId)], {
      expectedRevision: 1n,
    });
  };
  /** Every stored row about the person, as PostgreSQL holds it. */
  const storedRows = async (personId: string) =>
    (
      await pool.query<{ id: string; data: Record<string, unknown>; text: string; hash: Buffer | null }>(
        `select id, data, data::text || metadata::text as text, hash from es_events
          where data->>'personId' = $1 order by global_position`,
        [personId],
      )
    ).rows;
  const keyRow = async (personId: string) =>
    (
      await pool.query<{ key: Buffer | null; erased_at: Date | null }>(
        'select key, erased_at from es_person_keys where tenant_id = $1 and person_id = $2',
        [tenantId, personId],
      )
    ).rows[0];

  it('stores no name or e-mail address in plain text, each field under its own IV', async () => {
    const person = await registerPerson();
    const rows = await storedRows(person.personId);
    expect(rows).to.have.length(3);
    for (const row of rows) {
      expect(row.text).not.to.include(person.name);
      expect(row.text).not.to.include(person.email);
      expect(row.text).not.to.include(person.email.split('@')[0]);
    }
    const [first] = rows;
    expect(first?.data.name).to.match(/^enc:v1:[A-Za-z0-9+/]+=*$/);
    expect(first?.data.email).to.match(/^enc:v1:/);
    // Everything else stays readable: department, cost centre and dates are not personal data.
    expect(first?.data).to.include({
      department: 'Finance',
      costCentre: 'CC-100',
      personId: person.personId,
    });
    expect(first?.data.name).not.to.equal(rows[1]?.data.name);
    expect((await keyRow(person.personId))?.key).to.have.length(32);
  });

  it('reads the plain data back through readStream, readAll and subscribeToAll while the key exists', async () => {
    const person = await registerPerson();
    const [first, second] = await collect(store.readStream(person.stream));
    expect(first?.data).to.include({ name: person.name, email: person.email });
    expect(second?.data).to.include({ name: `${person.name}-B` });
    expect(first?.metadata.erasedFields).to.equal(undefined);
    const all = (await collect(store.readAll())).filter((e) => e.data.personId === person.personId);
    expect(all.map((e) => e.data.name ?? e.data.email)).to.deep.equal([
      person.name,
      `${person.name}-B`,
      person.email,
    ]);
    const live = await receive(store.subscribeToAll(), [person.stream, person.emailStream], 3);
    expect(live.map((e) => e.data.name ?? e.data.email)).to.deep.equal([
      person.name,
      `${person.name}-B`,
      person.email,
    ]);
  });

  it('after the erasure shows placeholders that satisfy the schemas, and names the erased fields', async () => {
    const person = await registerPerson();
    await erase(person);
    const events = await collect(store.readStream(person.stream));
    expect(events.map((e) => e.type)).to.deep.equal([
      'PersonRegistered',
      'PersonDetailsChanged',
      'PersonDeparted',
      'PersonalDataErased',
    ]);
    expect(events[0]?.data).to.include({
      name: 'Erased person',
      email: erasedPersonEmail(person.personId),
      department: 'Finance',
    });
    expect(events[0]?.metadata.erasedFields).to.deep.equal(['name', 'email']);
    expect(events[1]?.data).to.include({ name: 'Erased person', costCentre: 'CC-200' });
    expect(events[1]?.metadata.erasedFields).to.deep.equal(['name']);
    const reservation = (await collect(store.readAll())).find(
      (e) => e.type === 'PersonEmailReserved' && e.data.personId === person.personId,
    );
    expect(reservation?.data.email).to.equal(erasedPersonEmail(person.personId));
    const key = await keyRow(person.personId);
    expect(key?.key).to.equal(null);
    expect(key?.erased_at).to.be.instanceOf(Date);
  });

  describe('phone number and notes', () => {
    const phone = '+48 22 612 40 01';
    const notes = 'Prefers a left-handed mouse; hybrid Mon/Thu';
    /** A person registered with a phone and notes, then given new notes and no phone, then renamed. */
    const registerWithPhoneAndNotes = async () => {
      const person = newPerson();
      const registration = registered(person.personId, person.name, person.email);
      await store.appendToStream(
        person.stream,
        [
          { ...registration, data: { ...registration.data, phone, notes } },
          phoneAndNotesChanged(person.personId, null, 'Hybrid Tue/Fri now'),
          renamed(person.personId, `${person.name}-B`),
        ],
        { expectedRevision: 'no_stream' },
      );
      return person;
    };

    it('stores them encrypted, a null that removes them too, and reads them back as given', async () => {
      const person = await registerWithPhoneAndNotes();
      const rows = await storedRows(person.personId);
      for (const row of rows) {
        for (const plain of ['612 40 01', '612', 'left-handed', 'Hybrid', 'Tue/Fri']) {
          expect(row.text).not.to.include(plain);
        }
      }
      expect(rows[0]?.data.phone).to.match(/^enc:v1:/);
      expect(rows[0]?.data.notes).to.match(/^enc:v1:/);
      // Even "removed" is not left readable: it would tell that the person had a phone number before.
      expect(rows[1]?.data.phone).to.match(/^enc:v1:/);
      expect(rows[1]?.data.notes).to.match(/^enc:v1:/);
      expect(rows[2]?.data).not.to.have.any.keys('phone', 'notes');

      const [first, second, third] = await collect(store.readStream(person.stream));
      expect(first?.data).to.include({ phone, notes });
      expect(second?.data).to.include({ phone: null, notes: 'Hybrid Tue/Fri now' });
      expect(third?.data).not.to.have.any.keys('phone', 'notes');
    });

    it('reads them as null after the erasure, within the schemas, and names them among the erased fields', async () => {
      const person = await registerWithPhoneAndNotes();
      await store.appendToStream(person.stream, [departed(person.personId), erasure(person.personId)], {
        expectedRevision: 2n,
      });
      // `store` checks every event it reads against its schema: an invalid placeholder would throw here.
      const [first, second, third] = await collect(store.readStream(person.stream));
      expect(first?.data).to.include({
        name: 'Erased person',
        phone: null,
        notes: null,
        department: 'Finance',
      });
      expect(first?.metadata.erasedFields).to.deep.equal(['name', 'email', 'phone', 'notes']);
      expect(second?.data).to.include({ phone: null, notes: null, costCentre: 'CC-100' });
      expect(second?.metadata.erasedFields).to.deep.equal(['name', 'phone', 'notes']);
      expect(third?.data).not.to.have.any.keys('phone', 'notes');
      expect(third?.metadata.erasedFields).to.deep.equal(['name']);
    });
  });

  it('never changes a stored row: data and hash chain are the same before and after the erasure', async () => {
    const person = await registerPerson();
    const before = await storedRows(person.personId);
    await erase(person);
    const after = (await storedRows(person.personId)).slice(0, before.length);
    expect(after.map((row) => row.text)).to.deep.equal(before.map((row) => row.text));
    expect(after.map((row) => row.hash?.toString('hex'))).to.deep.equal(
      before.map((row) => row.hash?.toString('hex')),
    );
  });

  it("leaves another person's data readable", async () => {
    const kept = await registerPerson();
    const gone = await registerPerson();
    await erase(gone);
    const [first] = await collect(store.readStream(kept.stream));
    expect(first?.data).to.include({ name: kept.name, email: kept.email });
  });

  it('shows an erasure made by another process once its cached key expires', async () => {
    let clock = 0;
    const reader = storeOf(withPersonKeyCache(createPostgresPersonKeys(pool), { now: () => clock }));
    const person = await registerPerson();
    expect((await collect(reader.readStream(person.stream)))[0]?.data.name).to.equal(person.name);
    await erase(person);
    clock += 999;
    expect((await collect(reader.readStream(person.stream)))[0]?.data.name).to.equal(person.name);
    clock += 2;
    expect((await collect(reader.readStream(person.stream)))[0]?.data.name).to.equal('Erased person');
  });

  it('completes a deletion that failed after the erasure was stored, at the next read of the erasure', async () => {
    const keys = createPostgresPersonKeys(pool);
    const failing: PersonKeys = {
      ...keys,
      delete: async () => {
        throw new Error('connection lost');
      },
    };
    const person = await registerPerson();
    const error = await erase(person, storeOf(failing)).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(Error).with.property('message', 'connection lost');
    expect((await keyRow(person.personId))?.key).to.have.length(32);
    const events = await collect(storeOf().readStream(person.stream));
    expect(events.at(-1)?.type).to.equal('PersonalDataErased');
    expect((await keyRow(person.personId))?.key).to.equal(null);
    expect((await collect(storeOf().readStream(person.stream)))[0]?.data.name).to.equal('Erased person');
  });

  it('never makes a key again for an erased person: later personal data is stored as the placeholder', async () => {
    const person = await registerPerson();
    await erase(person);
    await store.appendToStream(`person_email-${randomUUID()}`, [reserved(person.personId, person.email)], {
      expectedRevision: 'no_stream',
    });
    const rows = await storedRows(person.personId);
    expect(rows.at(-1)?.data.email).to.equal(erasedPersonEmail(person.personId));
    expect((await keyRow(person.personId))?.key).to.equal(null);
  });

  it('refuses a ciphertext copied into another event instead of showing it', async () => {
    const person = await registerPerson();
    const [source] = await storedRows(person.personId);
    const copy = registered(person.personId, 'Placeholder', 'copy@acme.pl');
    const stream = `person-${randomUUID()}`;
    await raw.appendToStream(stream, [{ ...copy, data: { ...copy.data, name: source?.data.name } }], {
      expectedRevision: 'no_stream',
    });
    const error = await collect(store.readStream(stream)).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(PersonalDataError).with.property('field', 'name');
  });

  it('shows personal data stored in plain text before encryption as it is, unless the person is erased', async () => {
    const person = newPerson();
    await raw.appendToStream(person.stream, [registered(person.personId, person.name, person.email)], {
      expectedRevision: 'no_stream',
    });
    expect((await collect(store.readStream(person.stream)))[0]?.data.name).to.equal(person.name);
    await store.appendToStream(person.stream, [departed(person.personId), erasure(person.personId)], {
      expectedRevision: 0n,
    });
    expect((await collect(store.readStream(person.stream)))[0]?.data.name).to.equal('Erased person');
  });

  it('keeps the tenants apart: the same person id in another tenant has a key of its own', async () => {
    const person = newPerson();
    await store.appendToStream(
      person.stream,
      [registered(person.personId, person.name, person.email, 'tenant-b')],
      { expectedRevision: 'no_stream' },
    );
    const keys = createPostgresPersonKeys(pool);
    expect(await keys.get(tenantId, person.personId)).to.equal(undefined);
    expect((await keys.get('tenant-b', person.personId))?.status).to.equal('active');
  });

  it('works the same on the in-memory store with in-memory keys', async () => {
    const memory = withEventSchemas(
      withPersonalData(createInMemoryEventStore(), {
        catalogue: personalDataCatalogue,
        keys: createInMemoryPersonKeys(),
      }),
      schemaRegistry,
    );
    const person = await registerPerson(memory);
    expect((await collect(memory.readStream(person.stream)))[0]?.data.name).to.equal(person.name);
    await erase(person, memory);
    expect((await collect(memory.readStream(person.stream)))[0]?.data.name).to.equal('Erased person');
  });
});
