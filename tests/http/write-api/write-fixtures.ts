import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { laptopPayload } from '../../support/commands.js';
import { type Answer, type Client, request } from '../support/test-app.js';

/** A UUID in its canonical form (the server makes version 7 ids). */
export const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const checkpointShape = /^\d{20}:\d{20}$/;

/** What a successful command answers. */
export interface Accepted {
  commandId: string;
  ids: Record<string, string>;
  checkpoint: string;
  events: string[];
}

/**
 * Asserts a command was accepted: 201 with the created id when `created` names one, else 200; the answer
 * names the command, the ids (path ids and the created one), the events and the checkpoint, which the
 * X-Checkpoint header repeats.
 */
export const expectAccepted = (
  answer: Answer,
  expected: { events: string[]; ids?: Record<string, string>; created?: string },
): Accepted => {
  expect(answer.status, answer.text).to.equal(expected.created ? 201 : 200);
  const body = answer.body as Accepted;
  expect(body.commandId).to.match(uuidShape);
  expect(body.events).to.deep.equal(expected.events);
  expect(body.checkpoint).to.match(checkpointShape);
  expect(answer.headers.get('x-checkpoint')).to.equal(body.checkpoint);
  if (expected.created) expect(body.ids[expected.created]).to.match(uuidShape);
  for (const [name, value] of Object.entries(expected.ids ?? {})) expect(body.ids[name]).to.equal(value);
  return body;
};

/** Asserts an RFC 9457 problem with its status and code, and, for 400s, that `errors` names `path`. */
export const expectProblem = (answer: Answer, status: number, code: string, path?: string) => {
  expect(answer.status, answer.text).to.equal(status);
  expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(answer.body.status).to.equal(status);
  expect(answer.body.code).to.equal(code);
  if (path !== undefined) {
    const paths = (answer.body.errors as Array<{ path: string }> | undefined)?.map((error) => error.path);
    expect(paths, answer.text).to.include(path);
  }
  expect(answer.headers.get('x-checkpoint')).to.equal(null);
};

/** Reads `path` once the projections have passed `checkpoint`; asserts they did. */
export const readAfter = async (client: Client, path: string, checkpoint: string) => {
  const answer = await client.get(`${path}${path.includes('?') ? '&' : '?'}after=${checkpoint}`);
  expect(answer.status, answer.text).to.equal(200);
  expect(answer.headers.get('x-consistency')).to.equal('caught-up');
  return answer.body;
};

/** Sends a command that must succeed and answers its result (fixtures built through the API itself). */
export const accepted = async (answer: Promise<Answer>): Promise<Accepted> => {
  const done = await answer;
  expect(done.status, done.text).to.be.oneOf([200, 201]);
  return done.body as Accepted;
};

/** A RegisterDevice body without the id, which the server makes. */
export const deviceBody = (overrides: Record<string, unknown> = {}) => {
  const { deviceId: _made, ...body } = laptopPayload();
  return { ...body, ...overrides };
};

/** A RegisterPerson body without the id, with a fresh e-mail address. */
export const personBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Piotr Nowak',
  email: `piotr.${randomUUID().slice(0, 8)}@example.com`,
  department: 'Finance',
  costCentre: 'CC-200',
  plannedStart: '2026-01-05',
  ...overrides,
});

/** An OpenTicket body for `requesterId`. */
export const ticketBody = (requesterId: string, overrides: Record<string, unknown> = {}) => ({
  requesterId,
  category: 'incident',
  priority: 'P3',
  title: 'The laptop does not start',
  description: 'Black screen since this morning',
  ...overrides,
});

/** Registers a device through the API and answers its id. */
export const newDevice = async (client: Client, overrides: Record<string, unknown> = {}) =>
  (await accepted(client.post('/devices', deviceBody(overrides)))).ids.deviceId as string;

/** Registers a person through the API (started unless `planned`) and answers their id. */
export const newPerson = async (client: Client, options: { planned?: boolean } = {}) => {
  const personId = (await accepted(client.post('/people', personBody()))).ids.personId as string;
  if (!options.planned) await accepted(client.post(`/people/${personId}/start`));
  return personId;
};

/** A device handed to `personId`. */
export const assignedDevice = async (client: Client, personId: string) => {
  const deviceId = await newDevice(client);
  await accepted(client.post(`/devices/${deviceId}/assign`, { personId }));
  return deviceId;
};

/** A device sent to service. */
export const deviceInService = async (client: Client) => {
  const deviceId = await newDevice(client);
  await accepted(
    client.post(`/devices/${deviceId}/service`, { reason: 'Broken hinge', serviceProvider: 'Serwis' }),
  );
  return deviceId;
};

/** A retired device: nothing more can happen to it. */
export const retiredDevice = async (client: Client) => {
  const deviceId = await newDevice(client);
  await accepted(
    client.post(`/devices/${deviceId}/retire`, {
      reason: 'end_of_life',
      residualValue: { amount: 0, currency: 'PLN' },
      note: '',
    }),
  );
  return deviceId;
};

/** Opens a ticket through the API and answers its id. */
export const newTicket = async (client: Client, requesterId: string) =>
  (await accepted(client.post('/tickets', ticketBody(requesterId)))).ids.ticketId as string;

/** A ticket the technician has started working on. */
export const ticketInProgress = async (technician: Client, requesterId: string) => {
  const ticketId = await newTicket(technician, requesterId);
  await accepted(technician.post(`/tickets/${ticketId}/start`));
  return ticketId;
};

/** A ticket the technician has resolved. */
export const resolvedTicket = async (technician: Client, requesterId: string) => {
  const ticketId = await ticketInProgress(technician, requesterId);
  await accepted(technician.post(`/tickets/${ticketId}/resolve`, { resolution: 'Replaced the charger' }));
  return ticketId;
};

/** Starts a process through the API and answers its id. */
export const newProcess = async (client: Client, scenarioId: string, parameters: Record<string, string>) =>
  (await accepted(client.post('/processes', { scenarioId, parameters }))).ids.processId as string;

/** A password long enough for the account rules. */
export const firstPassword = 'first password, long enough';

/** Creates an account (home: the admin's current tenant) through the API; answers its id and address. */
export const newAccount = async (admin: Client, overrides: Record<string, unknown> = {}) => {
  const email = `user.${randomUUID().slice(0, 8)}@example.com`;
  const body = { email, displayName: 'New User', password: firstPassword, ...overrides };
  const { ids, checkpoint } = await accepted(admin.post('/accounts', body));
  return { accountId: ids.accountId as string, email: body.email as string, checkpoint };
};

/** GET /api/v1/me with a Bearer token (a session or an API token), as a fresh caller would send it. */
export const meWith = (url: string, token: string) =>
  request(url, 'GET', '/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
