import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { printerSetup } from '../../support/scenarios.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  expectAccepted,
  expectProblem,
  newPerson,
  newProcess,
  readAfter,
  uuidShape,
} from './write-fixtures.js';

describe('Write API: processes and scenarios', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const card = (processId: string, checkpoint: string) =>
    readAfter(world.managerA, `/processes/${processId}`, checkpoint);
  const accessRequest = () => ({
    scenarioId: 'access-request',
    parameters: { personId: world.employeePersonId, system: 'VPN' },
  });

  describe('startProcess', () => {
    it('starts a process from the catalogue under a server-made UUID and the process card shows its plan', async () => {
      const { ids, checkpoint } = expectAccepted(await world.managerA.post('/processes', accessRequest()), {
        events: ['ProcessStarted'],
        created: 'processId',
      });
      const { process, steps } = await card(ids.processId as string, checkpoint);
      expect(process).to.include({
        scenario_id: 'access-request',
        status: 'running',
        done_steps: 0,
        total_steps: 2,
      });
      expect(steps.map((step: { step_key: string }) => step.step_key)).to.deep.equal([
        'approve-access',
        'grant-access',
      ]);
    });

    it('starts a distinct process for each identical request without an Idempotency-Key', async () => {
      const first = expectAccepted(await world.managerA.post('/processes', accessRequest()), {
        events: ['ProcessStarted'],
        created: 'processId',
      });
      const second = expectAccepted(await world.managerA.post('/processes', accessRequest()), {
        events: ['ProcessStarted'],
        created: 'processId',
      });
      expect(second.ids.processId).to.match(uuidShape).and.not.equal(first.ids.processId);
    });

    it('answers 400 naming each malformed field: an empty scenario id and a parameter that is not text', async () => {
      const answer = await world.managerA.post('/processes', { scenarioId: '', parameters: { system: 5 } });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'scenarioId');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).to.include('parameters.system');
    });

    it('refuses a technician and an employee with 403: the client starts processes', async () => {
      expectProblem(await world.technician.post('/processes', accessRequest()), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await world.employeeA.post('/processes', accessRequest()), 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to tenant B's manager offboarding tenant A's person or reusing tenant A's process id", async () => {
      const offboarding = await world.managerB.post('/processes', {
        scenarioId: 'offboarding',
        parameters: { personId: world.employeePersonId, lastDay: '2026-12-31' },
      });
      expectProblem(offboarding, 404, 'PERSON_NOT_FOUND');
      const processId = await newProcess(world.managerA, 'access-request', accessRequest().parameters);
      const reused = await world.managerB.post('/processes', {
        processId,
        scenarioId: 'access-request',
        parameters: { personId: world.personB, system: 'VPN' },
      });
      expectProblem(reused, 404, 'NOT_FOUND');
    });

    it('answers 409 when the same process id is started twice', async () => {
      const processId = randomUUID();
      await accepted(world.managerA.post('/processes', { ...accessRequest(), processId }));
      expectProblem(
        await world.managerA.post('/processes', { ...accessRequest(), processId }),
        409,
        'PROCESS_ALREADY_STARTED',
      );
    });

    it('answers 404 for a scenario nobody has, and 422 for a missing required parameter', async () => {
      const unknown = await world.managerA.post('/processes', { scenarioId: 'moon-landing', parameters: {} });
      expectProblem(unknown, 404, 'SCENARIO_NOT_FOUND');
      const missing = await world.managerA.post('/processes', {
        scenarioId: 'access-request',
        parameters: { personId: world.employeePersonId },
      });
      expectProblem(missing, 422, 'PROCESS_PARAMETER_MISSING');
    });
  });

  describe('cancelProcess', () => {
    it('cancels a running process and the card shows it cancelled', async () => {
      const processId = await newProcess(world.managerA, 'access-request', accessRequest().parameters);
      const answer = await world.managerA.post(`/processes/${processId}/cancel`, {
        reason: 'No longer needed',
      });
      const { checkpoint } = expectAccepted(answer, { events: ['ProcessCancelled'], ids: { processId } });
      expect((await card(processId, checkpoint)).process.status).to.equal('cancelled');
    });

    it('answers 400 naming reason when it is empty', async () => {
      const processId = await newProcess(world.managerA, 'access-request', accessRequest().parameters);
      expectProblem(
        await world.managerA.post(`/processes/${processId}/cancel`, { reason: ' ' }),
        400,
        'COMMAND_INVALID',
        'reason',
      );
    });

    it('refuses a technician with 403', async () => {
      const processId = await newProcess(world.managerA, 'access-request', accessRequest().parameters);
      const answer = await world.technician.post(`/processes/${processId}/cancel`, { reason: 'x' });
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to tenant B's manager naming tenant A's process", async () => {
      const processId = await newProcess(world.managerA, 'access-request', accessRequest().parameters);
      const answer = await world.managerB.post(`/processes/${processId}/cancel`, { reason: 'x' });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 to cancel a process that is no longer running', async () => {
      const processId = await newProcess(world.managerA, 'access-request', accessRequest().parameters);
      await accepted(world.managerA.post(`/processes/${processId}/cancel`, { reason: 'Once' }));
      const again = await world.managerA.post(`/processes/${processId}/cancel`, { reason: 'Twice' });
      expectProblem(again, 422, 'PROCESS_NOT_RUNNING');
    });
  });

  describe('addTenantScenario', () => {
    it("adds a scenario of the company's own, which its manager then sees and starts, and tenant B does not", async () => {
      const answer = await world.mspAdmin.post('/scenarios', { scenario: printerSetup() });
      const { checkpoint, ids } = expectAccepted(answer, { events: ['TenantScenarioAdded'] });
      expect(ids).to.deep.equal({});
      const { items } = await readAfter(world.managerA, '/scenarios', checkpoint);
      expect(items.map((scenario: { id: string }) => scenario.id)).to.include('printer-setup');
      const personId = await newPerson(world.managerA);
      expectAccepted(
        await world.managerA.post('/processes', { scenarioId: 'printer-setup', parameters: { personId } }),
        { events: ['ProcessStarted'], created: 'processId' },
      );
      const inB = await world.managerB.post('/processes', {
        scenarioId: 'printer-setup',
        parameters: { personId: world.personB },
      });
      expectProblem(inB, 404, 'SCENARIO_NOT_FOUND');
    });

    it('answers 400 naming scenario.steps for a scenario without steps', async () => {
      const answer = await world.mspAdmin.post('/scenarios', { scenario: { ...printerSetup(), steps: [] } });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'scenario.steps');
    });

    it('refuses a technician and a client manager with 403', async () => {
      const body = { scenario: { ...printerSetup(), id: 'not-allowed' } };
      expectProblem(await world.technician.post('/scenarios', body), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await world.managerA.post('/scenarios', body), 403, 'ROLE_NOT_ALLOWED');
    });

    it("refuses with 422 a version that is not the next one, and a catalogue scenario's id", async () => {
      const scenario = { ...printerSetup(), id: 'desk-setup' };
      await accepted(world.mspAdmin.post('/scenarios', { scenario }));
      expectProblem(await world.mspAdmin.post('/scenarios', { scenario }), 422, 'SCENARIO_VERSION_NOT_NEXT');
      const reserved = await world.mspAdmin.post('/scenarios', {
        scenario: { ...scenario, id: 'offboarding' },
      });
      expectProblem(reserved, 422, 'SCENARIO_ID_RESERVED');
    });
  });
});
