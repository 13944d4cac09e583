import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { type LiveEvent, type LiveStream, openLive } from './live-client.js';

const quietMs = 1500;
const arrivalMs = 10_000;

interface Update {
  topic: string;
  projection: string;
  checkpoint: string;
}

const updatesOf = (stream: LiveStream): Update[] =>
  stream.events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data) as Update);

const isTicketsUpdateAtOrAfter = (checkpoint: string) => (event: LiveEvent) => {
  if (event.event !== 'update') return false;
  const update = JSON.parse(event.data) as Update;
  return update.topic === 'tickets' && update.checkpoint >= checkpoint;
};

describe('Live updates over Server-Sent Events', function () {
  this.timeout(60_000);
  let world: TestWorld;
  const open: LiveStream[] = [];
  const live = async (query: string, headers: Record<string, string>) => {
    const stream = await openLive(`${world.url}/api/v1/live${query}`, headers);
    open.push(stream);
    return stream;
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  before(async () => {
    world = await startTestWorld();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((stream) => stream.close()));
  });
  after(() => world?.close());

  it("tells tenant A's clients that tickets changed after a ticket is opened there, and tenant B's nothing", async () => {
    const managerA = await live('?topics=tickets', {
      ...bearer(world.managerA.token),
      'X-Tenant-Id': world.tenantA,
    });
    const managerB = await live('?topics=tickets,dashboard,audit', bearer(world.managerB.token));
    // The same technician, following each company by ?tenant= as a browser's EventSource would.
    const technicianA = await live(`?topics=tickets&tenant=${world.tenantA}`, bearer(world.technician.token));
    const technicianB = await live(`?topics=tickets&tenant=${world.tenantB}`, bearer(world.technician.token));
    for (const stream of [managerA, managerB, technicianA, technicianB]) {
      expect(stream.status).to.equal(200);
      expect(stream.contentType).to.match(/^text\/event-stream/);
    }

    const opened = await world.technician.post('/tickets', {
      requesterId: world.employeePersonId,
      category: 'incident',
      priority: 'P2',
      title: 'Printer on floor 2 is jammed',
      description: 'Paper stuck in tray 3',
    });
    expect(opened.status).to.equal(201);
    const checkpoint = opened.headers.get('x-checkpoint') as string;
    expect(checkpoint).to.be.a('string');

    const seen = await managerA.waitFor(isTicketsUpdateAtOrAfter(checkpoint), arrivalMs);
    expect(JSON.parse(seen.data)).to.include({ topic: 'tickets', projection: 'tickets' });
    await technicianA.waitFor(isTicketsUpdateAtOrAfter(checkpoint), arrivalMs);
    // The change is re-readable at the checkpoint the update named.
    const tickets = await world.managerA.get(
      `/tickets?after=${(JSON.parse(seen.data) as Update).checkpoint}`,
    );
    expect(tickets.headers.get('x-consistency')).to.equal('caught-up');
    expect(tickets.body.items.map((t: { ticket_id: string }) => t.ticket_id)).to.include(
      opened.body.ids.ticketId,
    );

    await new Promise((resolve) => setTimeout(resolve, quietMs));
    expect(updatesOf(managerB)).to.deep.equal([]);
    expect(updatesOf(technicianB)).to.deep.equal([]);
    expect(updatesOf(managerA).every((u) => u.topic === 'tickets')).to.equal(true);

    // B's streams were live all along: a ticket in B reaches them, and not A's.
    const inB = await world.technician.in(world.tenantB).post('/tickets', {
      requesterId: world.personB,
      category: 'request',
      priority: 'P3',
      title: 'New keyboard',
      description: '',
    });
    expect(inB.status).to.equal(201);
    const checkpointB = inB.headers.get('x-checkpoint') as string;
    await managerB.waitFor(isTicketsUpdateAtOrAfter(checkpointB), arrivalMs);
    await technicianB.waitFor(isTicketsUpdateAtOrAfter(checkpointB), arrivalMs);
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    expect(updatesOf(managerA).filter((u) => u.checkpoint >= checkpointB)).to.deep.equal([]);
    expect(updatesOf(technicianA).filter((u) => u.checkpoint >= checkpointB)).to.deep.equal([]);
  });

  it("tells a technician's queue stream, named in no tenant, of changes in each tenant it serves", async () => {
    const queue = await live('?topics=queue', bearer(world.technician.token));
    const managerB = await live('?topics=tickets', bearer(world.managerB.token));
    expect(queue.status).to.equal(200);

    const inB = await world.managerB.post('/tickets', {
      requesterId: world.personB,
      category: 'request',
      priority: 'P3',
      title: 'For the queue',
      description: '',
    });
    expect(inB.status, inB.text).to.equal(201);
    const checkpoint = inB.headers.get('x-checkpoint') as string;

    const seen = await queue.waitFor((event) => {
      const update = JSON.parse(event.data) as Update;
      return update.projection === 'tickets' && update.checkpoint >= checkpoint;
    }, arrivalMs);
    expect(JSON.parse(seen.data)).to.include({ topic: 'queue', projection: 'tickets' });
    await managerB.waitFor(isTicketsUpdateAtOrAfter(checkpoint), arrivalMs);
  });

  it('refuses the queue to the client side with 403 and mixed with one tenant topics with 400', async () => {
    const manager = await live('?topics=queue', bearer(world.managerA.token));
    expect(manager.status).to.equal(403);
    expect(manager.problem).to.include({ code: 'ROLE_NOT_ALLOWED' });

    const mixed = await live(`?topics=queue,tickets&tenant=${world.tenantA}`, bearer(world.technician.token));
    expect(mixed.status).to.equal(400);
    const errors = (mixed.problem as { errors?: Array<{ path: string }> }).errors ?? [];
    expect(errors.map((e) => e.path)).to.deep.equal(['query.topics']);
  });

  for (const [name, query, field] of [
    ['an unknown topic', '?topics=tickets,secrets', 'query.topics'],
    ['an empty topic list', '?topics=', 'query.topics'],
    ['an unknown parameter', '?topics=tickets&since=yesterday', 'query.since'],
  ] as const) {
    it(`refuses ${name} with 400 QUERY_INVALID naming ${field}`, async () => {
      const stream = await live(query, bearer(world.managerA.token));
      expect(stream.status).to.equal(400);
      expect(stream.contentType).to.match(/^application\/problem\+json/);
      expect(stream.problem).to.include({ code: 'QUERY_INVALID', status: 400 });
      const errors = (stream.problem as { errors?: Array<{ path: string }> }).errors ?? [];
      expect(errors.map((e) => e.path.replace(/\.\d+$/, ''))).to.include(field);
    });
  }

  it('refuses a caller without credentials with 401 UNAUTHENTICATED', async () => {
    const stream = await live('?topics=tickets', {});
    expect(stream.status).to.equal(401);
    expect(stream.problem).to.include({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it("answers 404 TENANT_NOT_FOUND to a client following another company's tenant", async () => {
    const stream = await live(`?topics=tickets&tenant=${world.tenantB}`, bearer(world.managerA.token));
    expect(stream.status).to.equal(404);
    expect(stream.problem).to.include({ code: 'TENANT_NOT_FOUND' });
  });
});
