import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { MSP_TENANT } from '../../../domain/account/index.js';
import { type Answer, type Client, request, startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectProblem } from './support/read-fixtures.js';

interface QueueItem {
  kind: 'task' | 'ticket';
  tenantId: string;
  tenantName: string;
  assigneeId: string | null;
  dueAt: string | null;
  processId?: string;
  stepKey?: string;
  ticketId?: string;
  priority?: string;
  status: string;
  slaState?: string;
}

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** What the queue says, one short label per item: `ticket:<title>` or `task:<step>`. */
const labels = (answer: Answer, titles: ReadonlyMap<string, string>) => {
  expect(answer.status, answer.text).to.equal(200);
  return (answer.body.items as QueueItem[]).map((item) =>
    item.kind === 'ticket' ? `ticket:${titles.get(item.ticketId ?? '')}` : `task:${item.stepKey}`,
  );
};

describe("read API: the IT team's queue across tenants", function () {
  this.timeout(60_000);
  let world: TestWorld;
  const titles = new Map<string, string>();
  let onboarding: string;
  let ticketP1: string;
  let ticketP4: string;

  const ok = async (answer: Promise<Answer>) => {
    const done = await answer;
    expect(done.status, done.text).to.be.oneOf([200, 201]);
    return done.body as { ids: Record<string, string>; checkpoint: string };
  };
  const openTicket = async (client: Client, requesterId: string, priority: string, title: string) => {
    const { ids } = await ok(
      client.post('/tickets', { requesterId, category: 'incident', priority, title, description: '' }),
    );
    titles.set(ids.ticketId as string, title);
    return ids.ticketId as string;
  };
  /** The technician's queue without naming a tenant, after the last write was projected. */
  const queueOf = async (client: Client, query = '') => {
    await world.settle();
    return client.get(`/queue${query}`, { tenant: null });
  };

  before(async () => {
    world = await startTestWorld();
    ticketP4 = await openTicket(world.managerA, world.employeePersonId, 'P4', 'A slow printer');
    ticketP1 = await openTicket(world.managerA, world.employeePersonId, 'P1', 'Server down');
    await openTicket(world.managerB, world.personB, 'P3', 'Beta mail');
    const started = await ok(
      world.managerA.post('/processes', {
        scenarioId: 'onboarding-office',
        parameters: { personId: world.employeePersonId, startDate: dayFromNow(3) },
      }),
    );
    onboarding = started.ids.processId as string;
  });
  after(() => world?.close());

  it('lists open tickets and ready tasks of every tenant the technician serves, most urgent first', async () => {
    const answer = await queueOf(world.technician);

    // P1 is due in 4 hours, P3 in a day, the onboarding's tasks before its first day (in 3 days), P4 in 3 days.
    expect(labels(answer, titles)).to.deep.equal([
      'ticket:Server down',
      'ticket:Beta mail',
      'task:create-account',
      'task:prepare-laptop',
      'ticket:A slow printer',
    ]);
    const items = answer.body.items as QueueItem[];
    expect(items.map((item) => item.tenantName)).to.deep.equal([
      'Alpha sp. z o.o.',
      'Beta GmbH',
      'Alpha sp. z o.o.',
      'Alpha sp. z o.o.',
      'Alpha sp. z o.o.',
    ]);
    expect(items[1]?.tenantId).to.equal(world.tenantB);
    expect(items[0]).to.include({ priority: 'P1', status: 'new', slaState: 'on_track', assigneeId: null });
    expect(items[2]).to.include({ processId: onboarding, status: 'pending' });
  });

  it('gives a task the start of its process date in the tenant time zone as its due time', async () => {
    const items = (await queueOf(world.technician)).body.items as QueueItem[];
    const task = items.find((item) => item.stepKey === 'create-account');

    // Europe/Warsaw is one or two hours ahead of UTC: midnight there is 22:00 or 23:00 UTC the day before.
    const due = new Date(task?.dueAt ?? '');
    const midnightUtc = new Date(`${dayFromNow(3)}T00:00:00Z`).getTime();
    expect([midnightUtc - 3_600_000, midnightUtc - 7_200_000]).to.include(due.getTime());
  });

  it('adds a task once the steps it depends on are done, and drops the done one', async () => {
    await ok(world.technician.post(`/processes/${onboarding}/steps/create-account/start`));
    await ok(
      world.technician.post(`/processes/${onboarding}/steps/create-account/complete`, {
        outcome: { monthlyCostAmount: 0, monthlyCostCurrency: 'PLN' },
      }),
    );

    const queue = labels(await queueOf(world.technician), titles);

    expect(queue).to.include('task:grant-office-suite');
    expect(queue).not.to.include('task:create-account');
    expect(queue).not.to.include('task:hand-over-laptop');
  });

  it('with mine=true lists only what the caller took up or was assigned', async () => {
    expect(labels(await queueOf(world.technician, '?mine=true'), titles)).to.deep.equal([]);

    await ok(world.technician.post(`/processes/${onboarding}/steps/prepare-laptop/start`));
    await ok(
      world.technician.post(`/tickets/${ticketP1}/assign`, {
        assigneeId: world.technician.accountId,
        assigneeRole: 'technician',
      }),
    );
    const mine = await queueOf(world.technician, '?mine=true');

    expect(labels(mine, titles)).to.deep.equal(['ticket:Server down', 'task:prepare-laptop']);
    for (const item of mine.body.items as QueueItem[]) {
      expect(item.assigneeId).to.equal(world.technician.accountId);
    }
  });

  it('leaves out tickets waiting for the client and resolved ones', async () => {
    await ok(world.technician.post(`/tickets/${ticketP4}/start`));
    await ok(world.technician.post(`/tickets/${ticketP4}/wait`, { reason: 'Which printer?' }));

    const queue = labels(await queueOf(world.technician), titles);

    expect(queue).not.to.include('ticket:A slow printer');
    expect(queue).to.include('ticket:Server down');
  });

  it('spans the same tenants whichever tenant the request names', async () => {
    const fromB = await world.technician.get('/queue', { tenant: world.tenantB });

    expect(labels(fromB, titles)).to.deep.equal(labels(await queueOf(world.technician), titles));
  });

  it('shows a technician of one tenant only that tenant', async () => {
    const accountId = randomUUID();
    const email = `tech-b-${accountId.slice(0, 8)}@example.com`;
    const password = 'a long enough password for tech B';
    // The IT team's accounts live in the MSP's own tenant and are granted roles in the client tenants.
    const admin = world.mspAdmin.in(MSP_TENANT);
    await ok(admin.post('/accounts', { accountId, email, displayName: 'Tech B', password }));
    await ok(admin.post(`/accounts/${accountId}/roles`, { role: 'technician', tenantId: world.tenantB }));
    await world.settle();
    const login = await world.login(email, password);
    expect(login.status, login.text).to.equal(200);

    const answer = await request(world.url, 'GET', '/api/v1/queue', {
      headers: { Authorization: `Bearer ${login.body.token}` },
    });

    expect(labels(answer, titles)).to.deep.equal(['ticket:Beta mail']);
  });

  it('shows an administrator for every tenant the queue of all of them', async () => {
    const queue = labels(await queueOf(world.mspAdmin), titles);

    expect(queue).to.include.members(['ticket:Server down', 'ticket:Beta mail', 'task:grant-office-suite']);
  });

  it('refuses the client side, which has no queue, with 403', async () => {
    for (const client of [world.managerA, world.employeeA, world.auditorA]) {
      expectProblem(await client.get('/queue'), 403, 'ROLE_NOT_ALLOWED');
    }
  });

  it('refuses a bad filter with 400 naming it', async () => {
    const answer = await world.technician.get('/queue?mine=maybe', { tenant: null });

    expectProblem(answer, 400, 'QUERY_INVALID');
    expect(answer.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['query.mine']);
  });
});
