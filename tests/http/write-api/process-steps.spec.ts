import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  expectAccepted,
  expectProblem,
  newDevice,
  newPerson,
  newProcess,
  readAfter,
} from './write-fixtures.js';

interface StepRow {
  step_key: string;
  status: string;
}

describe('Write API: the steps of a process', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  /** The process card once `checkpoint` is applied, with one step picked out. */
  const stepAfter = async (processId: string, stepKey: string, checkpoint: string) => {
    const { process, steps } = await readAfter(world.managerA, `/processes/${processId}`, checkpoint);
    return { process, step: (steps as StepRow[]).find((step) => step.step_key === stepKey) };
  };
  /** A hardware service: diagnose (a task, free to start) → quote → approve-repair (a decision) → … */
  const hardwareService = async () =>
    newProcess(world.managerA, 'hardware-service', {
      deviceId: await newDevice(world.technician),
      problem: 'Does not charge',
    });
  /** An access request: approve-access (a decision, open now) → grant-access (a task). */
  const accessRequest = () =>
    newProcess(world.managerA, 'access-request', { personId: world.employeePersonId, system: 'ERP' });
  /** An office onboarding (latest version): its security training is an optional step. */
  const onboarding = async () =>
    newProcess(world.managerA, 'onboarding-office', {
      personId: await newPerson(world.managerA, { planned: true }),
      startDate: '2026-12-01',
    });
  const long = 'k'.repeat(101);

  describe('startProcessStep', () => {
    it('starts a task and the process card shows it in progress', async () => {
      const processId = await hardwareService();
      const answer = await world.technician.post(`/processes/${processId}/steps/diagnose/start`);
      const { checkpoint } = expectAccepted(answer, {
        events: ['ProcessStepStarted'],
        ids: { processId, stepKey: 'diagnose' },
      });
      expect((await stepAfter(processId, 'diagnose', checkpoint)).step?.status).to.equal('in_progress');
    });

    it('answers 400 naming stepKey for a key longer than 100 characters', async () => {
      const processId = await hardwareService();
      const answer = await world.technician.post(`/processes/${processId}/steps/${long}/start`);
      expectProblem(answer, 400, 'COMMAND_INVALID', 'stepKey');
    });

    it('refuses a client manager with 403: tasks are the IT team’s', async () => {
      const processId = await hardwareService();
      expectProblem(
        await world.managerA.post(`/processes/${processId}/steps/diagnose/start`),
        403,
        'ROLE_NOT_ALLOWED',
      );
    });

    it("answers 404 to the technician acting in tenant B naming tenant A's process", async () => {
      const processId = await hardwareService();
      const answer = await world.technician
        .in(world.tenantB)
        .post(`/processes/${processId}/steps/diagnose/start`);
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 404 for a step the process does not have, and 422 for a blocked task or a decision', async () => {
      const processId = await hardwareService();
      const missing = await world.technician.post(`/processes/${processId}/steps/polish/start`);
      expectProblem(missing, 404, 'PROCESS_STEP_NOT_FOUND');
      expectProblem(
        await world.technician.post(`/processes/${processId}/steps/quote/start`),
        422,
        'PROCESS_STEP_BLOCKED',
      );
      expectProblem(
        await world.technician.post(`/processes/${processId}/steps/approve-repair/start`),
        422,
        'PROCESS_STEP_NOT_A_TASK',
      );
    });
  });

  describe('completeProcessTask', () => {
    it('completes a task and the card counts it done', async () => {
      const processId = await hardwareService();
      const answer = await world.technician.post(`/processes/${processId}/steps/diagnose/complete`, {
        note: 'Charging port worn',
      });
      const { checkpoint } = expectAccepted(answer, {
        events: ['ProcessTaskCompleted'],
        ids: { processId, stepKey: 'diagnose' },
      });
      const { process, step } = await stepAfter(processId, 'diagnose', checkpoint);
      expect(step?.status).to.equal('done');
      expect(process.done_steps).to.equal(1);
    });

    it('answers 400 naming note when it is not text', async () => {
      const processId = await hardwareService();
      const answer = await world.technician.post(`/processes/${processId}/steps/diagnose/complete`, {
        note: 7,
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'note');
    });

    it('refuses an employee with 403', async () => {
      const processId = await hardwareService();
      const answer = await world.employeeA.post(`/processes/${processId}/steps/diagnose/complete`, {});
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the technician acting in tenant B naming tenant A's process", async () => {
      const processId = await hardwareService();
      const answer = await world.technician
        .in(world.tenantB)
        .post(`/processes/${processId}/steps/diagnose/complete`, {});
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 to complete a task that is already done', async () => {
      const processId = await hardwareService();
      await accepted(world.technician.post(`/processes/${processId}/steps/diagnose/complete`, {}));
      const again = await world.technician.post(`/processes/${processId}/steps/diagnose/complete`, {});
      expectProblem(again, 422, 'PROCESS_STEP_ALREADY_SETTLED');
    });
  });

  describe('answerProcessDecision', () => {
    it('approves a decision and the card shows it done', async () => {
      const processId = await accessRequest();
      const answer = await world.managerA.post(`/processes/${processId}/decisions/approve-access`, {
        answer: 'approve',
      });
      const { checkpoint } = expectAccepted(answer, {
        events: ['ProcessDecisionAnswered'],
        ids: { processId, stepKey: 'approve-access' },
      });
      expect((await stepAfter(processId, 'approve-access', checkpoint)).step?.status).to.equal('done');
    });

    it('ends the process when a decision that ends it is rejected with a comment', async () => {
      const processId = await accessRequest();
      const answer = await world.managerA.post(`/processes/${processId}/decisions/approve-access`, {
        answer: 'reject',
        comment: 'Not for this role',
      });
      const { checkpoint } = expectAccepted(answer, {
        events: ['ProcessDecisionAnswered', 'ProcessRejected'],
        ids: { processId, stepKey: 'approve-access' },
      });
      expect((await stepAfter(processId, 'approve-access', checkpoint)).process.status).to.equal('rejected');
    });

    it('answers 400 naming answer for an answer that is neither approve nor reject', async () => {
      const processId = await accessRequest();
      const answer = await world.managerA.post(`/processes/${processId}/decisions/approve-access`, {
        answer: 'maybe',
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'answer');
    });

    it("refuses the technician and the MSP's administrator with 403: decisions are the client's", async () => {
      const processId = await accessRequest();
      const path = `/processes/${processId}/decisions/approve-access`;
      expectProblem(await world.technician.post(path, { answer: 'approve' }), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await world.mspAdmin.post(path, { answer: 'approve' }), 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to tenant B's manager naming tenant A's process", async () => {
      const processId = await accessRequest();
      const answer = await world.managerB.post(`/processes/${processId}/decisions/approve-access`, {
        answer: 'approve',
      });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 a rejection without a comment, and a task answered as a decision', async () => {
      const processId = await accessRequest();
      const bare = await world.managerA.post(`/processes/${processId}/decisions/approve-access`, {
        answer: 'reject',
      });
      expectProblem(bare, 422, 'PROCESS_REJECTION_COMMENT_REQUIRED');
      const task = await world.managerA.post(`/processes/${processId}/decisions/grant-access`, {
        answer: 'approve',
      });
      expectProblem(task, 422, 'PROCESS_STEP_NOT_A_DECISION');
    });
  });

  describe('skipProcessStep', () => {
    it('lets a technician skip an optional step, and the card shows it skipped', async () => {
      const processId = await onboarding();
      const answer = await world.technician.post(`/processes/${processId}/steps/security-training/skip`, {
        reason: 'Trained at the previous employer',
      });
      const { checkpoint } = expectAccepted(answer, {
        events: ['ProcessStepSkipped'],
        ids: { processId, stepKey: 'security-training' },
      });
      expect((await stepAfter(processId, 'security-training', checkpoint)).step?.status).to.equal('skipped');
    });

    it("lets the MSP's administrator skip a required step", async () => {
      const processId = await onboarding();
      const answer = await world.mspAdmin.post(`/processes/${processId}/steps/prepare-laptop/skip`, {
        reason: 'Brings their own laptop',
      });
      expectAccepted(answer, {
        events: ['ProcessStepSkipped'],
        ids: { processId, stepKey: 'prepare-laptop' },
      });
    });

    it('answers 400 naming reason when it is missing', async () => {
      const processId = await onboarding();
      const answer = await world.technician.post(`/processes/${processId}/steps/security-training/skip`, {});
      expectProblem(answer, 400, 'COMMAND_INVALID', 'reason');
    });

    it('refuses an employee and an auditor with 403, and a technician skipping a required step', async () => {
      const processId = await onboarding();
      const path = `/processes/${processId}/steps/security-training/skip`;
      expectProblem(await world.employeeA.post(path, { reason: 'x' }), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await world.auditorA.post(path, { reason: 'x' }), 403, 'ROLE_NOT_ALLOWED');
      const required = await world.technician.post(`/processes/${processId}/steps/prepare-laptop/skip`, {
        reason: 'x',
      });
      expectProblem(required, 403, 'PROCESS_REQUIRED_STEP_SKIP_FORBIDDEN');
    });

    it("answers 404 to tenant B's manager naming tenant A's process", async () => {
      const processId = await onboarding();
      const answer = await world.managerB.post(`/processes/${processId}/steps/security-training/skip`, {
        reason: 'x',
      });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 to skip a step that is already skipped', async () => {
      const processId = await onboarding();
      const path = `/processes/${processId}/steps/security-training/skip`;
      await accepted(world.technician.post(path, { reason: 'Once' }));
      expectProblem(
        await world.technician.post(path, { reason: 'Twice' }),
        422,
        'PROCESS_STEP_ALREADY_SETTLED',
      );
    });
  });
});
