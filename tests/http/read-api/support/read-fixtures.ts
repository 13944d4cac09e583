import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { laptopPayload } from '../../../support/commands.js';
import type { Answer, Client, TestWorld } from '../../support/test-app.js';

/** What a successful write answered: the ids it made or named, and the checkpoint to read after. */
export interface Written {
  ids: Record<string, string>;
  checkpoint: string;
}

/** Sends a command over HTTP and fails the test with the server's problem when it is refused. */
export const write = async (client: Client, path: string, body: unknown = {}): Promise<Written> => {
  const answer = await client.post(path, body);
  expect(answer.status, `POST ${path}: ${answer.text}`).to.be.oneOf([200, 201]);
  expect(answer.headers.get('x-checkpoint')).to.equal(answer.body.checkpoint);
  return { ids: answer.body.ids, checkpoint: answer.body.checkpoint };
};

/** A read that asked to wait for `checkpoint`, and the answer it got. */
export const readAfter = (
  client: Client,
  path: string,
  checkpoint: string,
  headers?: Record<string, string>,
) =>
  client.get(
    `${path}${path.includes('?') ? '&' : '?'}after=${checkpoint}`,
    headers ? { headers } : undefined,
  );

/** Asserts a 200 that waited until the projections had passed the write. */
export const expectCaughtUp = (answer: Answer) => {
  expect(answer.status, answer.text).to.equal(200);
  expect(answer.headers.get('x-consistency')).to.equal('caught-up');
};

/** Asserts an RFC 9457 problem with this status and code. */
export const expectProblem = (answer: Answer, status: number, code: string) => {
  expect(answer.status, answer.text).to.equal(status);
  expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(answer.body.code).to.equal(code);
  expect(answer.body.status).to.equal(status);
};

/** The paths a 400 problem names in its `errors`. */
export const errorPaths = (answer: Answer): string[] =>
  ((answer.body.errors ?? []) as Array<{ path: string }>).map((error) => error.path);

/** Today plus `days`, as YYYY-MM-DD (UTC), for warranties that end soon. */
export const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** This month as YYYY-MM (UTC): costs of events recorded now fall in it. */
export const thisMonth = () => new Date().toISOString().slice(0, 7);

export const registerDevice = (client: Client, overrides: Record<string, unknown> = {}) => {
  const { deviceId: _made, ...body } = laptopPayload(overrides);
  return write(client, '/devices', body).then((written) => ({
    ...written,
    deviceId: written.ids.deviceId as string,
    assetTag: body.assetTag as string,
  }));
};

/** Registers and starts a person (as a client manager or the IT team). */
export const registerPerson = async (client: Client, overrides: Record<string, unknown> = {}) => {
  const registered = await write(client, '/people', {
    name: `Person ${randomUUID().slice(0, 6)}`,
    email: `${randomUUID().slice(0, 12)}@example.com`,
    department: 'Finance',
    costCentre: 'CC-200',
    plannedStart: '2026-01-05',
    ...overrides,
  });
  const personId = registered.ids.personId as string;
  const started = await write(client, `/people/${personId}/start`);
  return { personId, checkpoint: started.checkpoint };
};

export const openTicket = (client: Client, body: Record<string, unknown>) =>
  write(client, '/tickets', {
    category: 'incident',
    priority: 'P3',
    title: 'Laptop does not boot',
    description: 'Black screen since this morning',
    ...body,
  }).then((written) => ({ ...written, ticketId: written.ids.ticketId as string }));

/** An access request about a person: its first step is a decision that waits for the client. */
export const startAccessRequest = (client: Client, personId: string, system = 'VPN') =>
  write(client, '/processes', { scenarioId: 'access-request', parameters: { personId, system } }).then(
    (written) => ({ ...written, processId: written.ids.processId as string }),
  );

/**
 * Data in both tenants, made over HTTP by the roles that do it in real life. In tenant A: another person
 * besides the employee, a laptop held by the employee, a laptop held by the other person, a phone in stock
 * whose warranty ends soon, a ticket and an access request of each person, an access (licence) of the
 * employee and an account. In tenant B: a device, a ticket and an access request of its person.
 */
export const seedBothTenants = async (world: TestWorld) => {
  const { technician, managerA, employeeA, mspAdmin, managerB, employeePersonId, personB } = world;
  const otherPerson = await registerPerson(managerA, { name: 'Zofia Other' });
  const employeeLaptop = await registerDevice(technician, { model: 'ThinkPad "X1", Carbon' });
  await write(technician, `/devices/${employeeLaptop.deviceId}/assign`, { personId: employeePersonId });
  const otherLaptop = await registerDevice(technician);
  await write(technician, `/devices/${otherLaptop.deviceId}/assign`, { personId: otherPerson.personId });
  const phone = await registerDevice(technician, {
    kind: 'phone',
    model: 'Pixel 9',
    warrantyEnd: dayFromNow(30),
  });
  const access = await write(technician, `/people/${employeePersonId}/accesses`, {
    system: 'VPN',
    monthlyCost: { amount: 4900, currency: 'PLN' },
  });
  const employeeTicket = await openTicket(employeeA, { deviceId: employeeLaptop.deviceId });
  const otherTicket = await openTicket(managerA, { requesterId: otherPerson.personId, title: 'Printer jam' });
  const employeeProcess = await startAccessRequest(managerA, employeePersonId);
  const otherProcess = await startAccessRequest(managerA, otherPerson.personId, 'ERP');
  const account = await write(mspAdmin, '/accounts', {
    email: `clerk-${randomUUID().slice(0, 8)}@example.com`,
    displayName: 'Clerk of A',
    password: 'a long enough password',
  });

  const tenantB = technician.in(world.tenantB);
  const deviceB = await registerDevice(tenantB);
  const ticketB = await openTicket(managerB, { requesterId: personB, title: 'Beta ticket' });
  const processB = await startAccessRequest(mspAdmin.in(world.tenantB), personB);
  await world.settle();
  return {
    otherPersonId: otherPerson.personId,
    employeeLaptop,
    otherLaptop,
    phone,
    accessId: access.ids.accessId as string,
    employeeTicket,
    otherTicket,
    employeeProcess,
    otherProcess,
    accountId: account.ids.accountId as string,
    deviceB,
    ticketB,
    processB,
  };
};

export type Seeded = Awaited<ReturnType<typeof seedBothTenants>>;
