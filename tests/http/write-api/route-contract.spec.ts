import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { allCommands } from '../../../commands/index.js';
import { commandRoutes } from '../../../write-api/command-route.js';
import { pathParams } from '../../../write-api/write-api.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectProblem } from './write-fixtures.js';

/** The route's path with every `{name}` filled: ids with fresh UUIDs, a step key with a plain key. */
const filled = (path: string, values: Record<string, string>) =>
  path.replaceAll(/\{(\w+)\}/g, (_whole, name: string) => values[name] as string);

const valuesFor = (path: string) =>
  Object.fromEntries(pathParams(path).map((name) => [name, name === 'stepKey' ? 'some-step' : randomUUID()]));

describe('Every write endpoint checks the shape of its body before anything runs', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('offers one endpoint per command, each a distinct POST path and operation', () => {
    expect(commandRoutes.map((route) => route.command).sort()).to.deep.equal(
      allCommands.map((command) => command.type).sort(),
    );
    expect(new Set(commandRoutes.map((route) => route.path)).size).to.equal(commandRoutes.length);
    expect(new Set(commandRoutes.map((route) => route.operationId)).size).to.equal(commandRoutes.length);
  });

  for (const route of commandRoutes) {
    it(`${route.operationId}: an unknown body field answers 400 naming that field`, async () => {
      const answer = await world.mspAdmin.post(filled(route.path, valuesFor(route.path)), { bogusField: 1 });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'bogusField');
      const error = (answer.body.errors as Array<{ path: string; message: string }>).find(
        (entry) => entry.path === 'bogusField',
      );
      expect(error?.message).to.equal('unknown field');
    });

    for (const name of pathParams(route.path)) {
      it(`${route.operationId}: ${name} sent in the body as well as the path answers 400 naming ${name}`, async () => {
        const values = valuesFor(route.path);
        const answer = await world.mspAdmin.post(filled(route.path, values), { [name]: values[name] });
        expectProblem(answer, 400, 'COMMAND_INVALID', name);
      });
    }

    if (route.creates) {
      const created = route.creates;
      it(`${route.operationId}: a ${created} that is not a UUID answers 400 naming ${created}`, async () => {
        const answer = await world.mspAdmin.post(filled(route.path, valuesFor(route.path)), {
          [created]: 'not-a-uuid',
        });
        expectProblem(answer, 400, 'COMMAND_INVALID', created);
      });
    }
  }

  it('a body that is a JSON array, not an object, answers 400 BODY_NOT_AN_OBJECT', async () => {
    const answer = await world.technician.post(`/devices/${randomUUID()}/assign`, [world.employeePersonId]);
    expectProblem(answer, 400, 'BODY_NOT_AN_OBJECT');
  });

  it('a path id that is not a UUID answers 400 naming the path field', async () => {
    const answer = await world.technician.post('/devices/not-a-uuid/assign', {
      personId: world.employeePersonId,
    });
    expectProblem(answer, 400, 'COMMAND_INVALID', 'deviceId');
  });
});
