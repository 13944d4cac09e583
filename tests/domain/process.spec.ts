import { expect } from 'chai';
import {
  findScenario,
  type PlanningContext,
  type ProcessCommand,
  type ProcessEvent,
  planProcess,
  processDecider,
  processEventSchemas,
  processEventTypes,
  processProgress,
  type ResolvedEffect,
  type Scenario,
  type StepOutcome,
  scenarioCatalogue,
} from '../../domain/process/index.js';
import type { Actor, CommandContext } from '../../domain/shared/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec, stateAfter } from '../support/decider-spec.js';

const now = '2026-03-02T10:00:00.000Z';
const processId = 'process-1';
const manager: Actor = { id: 'manager-1', role: 'client_manager' };
const tech: Actor = { id: 'tech-1', role: 'technician' };
const admin: Actor = { id: 'admin-1', role: 'msp_admin' };
const employee: Actor = { id: 'employee-1', role: 'employee', personId: 'anna' };
const auditor: Actor = { id: 'auditor-1', role: 'auditor' };

const spec = deciderSpec(processDecider);
const command = <C extends ProcessCommand>(type: C['type'], data: C['data'], actor: Actor = tech) =>
  ({ type, data, meta: { tenantId: 'tenant-a', actor, now } satisfies CommandContext }) as C;

const scenario = (id: string, version?: number): Scenario => {
  const found = findScenario(scenarioCatalogue, id, version);
  if (!found) throw new Error(`No scenario ${id}`);
  return found;
};
const nothingHeld: PlanningContext = { heldDeviceIds: [], accesses: [] };

const startedEvent = (
  of: Scenario,
  parameters: Record<string, string>,
  context: PlanningContext = nothingHeld,
): ProcessEvent => {
  const plan = planProcess(of, parameters, context);
  return {
    type: 'ProcessStarted',
    data: {
      processId,
      scenarioId: of.id,
      scenarioVersion: of.version,
      scenarioKind: of.kind,
      title: { ...of.title },
      parameters: plan.parameters,
      startedBy: manager.id,
      steps: plan.steps,
      startedAt: now,
    },
  };
};
const taskCompleted = (
  stepKey: string,
  done: { effect?: ResolvedEffect; outcome?: StepOutcome; note?: string; by?: Actor } = {},
): ProcessEvent => ({
  type: 'ProcessTaskCompleted',
  data: {
    processId,
    stepKey,
    note: done.note ?? '',
    outcome: done.outcome ?? {},
    effect: done.effect ?? null,
    completedBy: (done.by ?? tech).id,
    completedAt: now,
  },
});
const answered = (stepKey: string, answer: 'approve' | 'reject', comment = ''): ProcessEvent => ({
  type: 'ProcessDecisionAnswered',
  data: { processId, stepKey, answer, comment, answeredBy: manager.id, answeredAt: now },
});
const skipped = (
  stepKey: string,
  reason: string,
  by: Actor,
  byDecision: string | null = null,
): ProcessEvent => ({
  type: 'ProcessStepSkipped',
  data: { processId, stepKey, reason, byDecision, skippedBy: by.id, skippedAt: now },
});
const processCompleted: ProcessEvent = { type: 'ProcessCompleted', data: { processId, completedAt: now } };

// A purchase request for Anna, up to each of its steps.
const purchase = startedEvent(scenario('purchase-request'), {
  deviceKind: 'laptop',
  justification: 'A laptop for the new accountant',
  personId: 'anna',
});
const registerEffect: ResolvedEffect = {
  type: 'register_purchased_device',
  args: { deviceId: 'device-9', deviceKind: 'laptop' },
};
const handOverEffect: ResolvedEffect = {
  type: 'assign_device',
  args: { deviceId: 'device-9', personId: 'anna' },
};
const approvedPurchase = [purchase, taskCompleted('quote'), answered('approve-purchase', 'approve')];
const receivedPurchase = [...approvedPurchase, taskCompleted('order'), taskCompleted('receive')];
const registeredPurchase = [
  ...receivedPurchase,
  taskCompleted('register-device', { effect: registerEffect, outcome: { deviceId: 'device-9' } }),
];
const finishedPurchase = [
  ...registeredPurchase,
  taskCompleted('hand-over', { effect: handOverEffect }),
  processCompleted,
];

const access = startedEvent(scenario('access-request'), { personId: 'anna', system: 'VPN' });
const service = startedEvent(scenario('hardware-service'), { deviceId: 'device-1', problem: 'Fan is loud' });
const quotedService = [service, taskCompleted('diagnose'), taskCompleted('quote')];

describe('Process', () => {
  describe('starting', () => {
    it('starts a process with the plan of its scenario version copied into the event', () => {
      spec([])
        .when(
          command(
            'StartProcess',
            {
              processId,
              scenario: scenario('access-request'),
              parameters: { personId: 'anna', system: 'VPN' },
            },
            manager,
          ),
        )
        .then([
          {
            type: 'ProcessStarted',
            data: {
              processId,
              scenarioId: 'access-request',
              scenarioVersion: 1,
              scenarioKind: 'access_request',
              title: { pl: 'Wniosek o dostęp do systemu', en: 'Access request' },
              parameters: { personId: 'anna', system: 'VPN' },
              startedBy: manager.id,
              steps: [
                {
                  kind: 'decision',
                  key: 'approve-access',
                  title: { pl: 'Zatwierdź dostęp', en: 'Approve the access' },
                  dependsOn: [],
                  required: true,
                  onApprove: null,
                  onReject: 'end',
                },
                {
                  kind: 'task',
                  key: 'grant-access',
                  title: { pl: 'Nadaj dostęp w systemie', en: 'Grant the access in the system' },
                  dependsOn: ['approve-access'],
                  required: true,
                  effect: {
                    type: 'grant_access',
                    args: { personId: { value: 'anna' }, system: { value: 'VPN' } },
                  },
                },
              ],
              startedAt: now,
            },
          },
        ]);
    });
    it('lets an msp_admin start a process for the client', () => {
      spec([])
        .when(
          command(
            'StartProcess',
            {
              processId,
              scenario: scenario('access-request'),
              parameters: { personId: 'anna', system: 'VPN' },
            },
            admin,
          ),
        )
        .then([{ ...access, data: { ...access.data, startedBy: admin.id } } as ProcessEvent]);
    });
    it('refuses a technician, an employee or an auditor starting a process', () => {
      for (const actor of [tech, employee, auditor]) {
        spec([])
          .when(
            command(
              'StartProcess',
              {
                processId,
                scenario: scenario('access-request'),
                parameters: { personId: 'anna', system: 'VPN' },
              },
              actor,
            ),
          )
          .thenThrows('PROCESS_START_FORBIDDEN', 'forbidden');
      }
    });
    it('refuses to start the same process twice', () => {
      spec([access])
        .when(
          command(
            'StartProcess',
            {
              processId,
              scenario: scenario('access-request'),
              parameters: { personId: 'anna', system: 'VPN' },
            },
            manager,
          ),
        )
        .thenThrows('PROCESS_ALREADY_STARTED', 'conflict');
    });
    it('refuses a missing or invalid required parameter', () => {
      spec([])
        .when(
          command(
            'StartProcess',
            { processId, scenario: scenario('access-request'), parameters: { system: 'VPN' } },
            manager,
          ),
        )
        .thenThrows('PROCESS_PARAMETER_MISSING');
      spec([])
        .when(
          command(
            'StartProcess',
            {
              processId,
              scenario: scenario('offboarding'),
              parameters: { personId: 'anna', lastDay: '31.03.2026' },
            },
            manager,
          ),
        )
        .thenThrows('PROCESS_PARAMETER_INVALID');
    });
    it('plans an offboarding from the devices and accesses the handler loaded', () => {
      const [event] = processDecider.decide(
        command(
          'StartProcess',
          {
            processId,
            scenario: scenario('offboarding'),
            parameters: { personId: 'anna', lastDay: '2026-03-31' },
            heldDeviceIds: ['device-1', 'device-2'],
            accesses: [{ accessId: 'access-1', system: 'ERP' }],
          },
          manager,
        ),
        processDecider.initialState,
      );
      expect(event?.type).to.equal('ProcessStarted');
      const steps = event?.type === 'ProcessStarted' ? event.data.steps : [];
      expect(steps.map((step) => step.key)).to.deep.equal([
        'back-up-data',
        'collect-device-1',
        'collect-device-2',
        'revoke-access-1',
        'depart-person',
      ]);
      expect(steps.at(-1)?.dependsOn).to.deep.equal([
        'back-up-data',
        'collect-device-1',
        'collect-device-2',
        'revoke-access-1',
      ]);
    });
    it('keeps running the version it started with when the catalogue moves on', () => {
      const onV1 = startedEvent(scenario('onboarding-office', 1), {
        personId: 'anna',
        startDate: '2026-04-01',
      });
      const state = stateAfter(processDecider, [onV1]);
      expect(scenario('onboarding-office').steps).to.have.length(6);
      expect(state.status === 'running' && state.steps.map(({ step }) => step.key)).to.deep.equal([
        'create-account',
        'grant-office-suite',
        'prepare-laptop',
        'hand-over-laptop',
        'first-day-support',
      ]);
      expect(state.status === 'running' && state.process.scenarioVersion).to.equal(1);
    });
  });

  describe('tasks', () => {
    it('lets a technician start a task whose dependencies are done', () => {
      spec([purchase])
        .when(command('StartProcessStep', { processId, stepKey: 'quote' }))
        .then([
          {
            type: 'ProcessStepStarted',
            data: { processId, stepKey: 'quote', startedBy: tech.id, startedAt: now },
          },
        ]);
    });
    it('refuses to start a task that waits for other steps', () => {
      spec([purchase])
        .when(command('StartProcessStep', { processId, stepKey: 'order' }))
        .thenThrows('PROCESS_STEP_BLOCKED');
    });
    it('refuses to start a task twice, or to start a decision', () => {
      const startedQuote: ProcessEvent = {
        type: 'ProcessStepStarted',
        data: { processId, stepKey: 'quote', startedBy: tech.id, startedAt: now },
      };
      spec([purchase, startedQuote])
        .when(command('StartProcessStep', { processId, stepKey: 'quote' }, admin))
        .thenThrows('PROCESS_STEP_ALREADY_STARTED');
      spec([purchase, taskCompleted('quote')])
        .when(command('StartProcessStep', { processId, stepKey: 'approve-purchase' }))
        .thenThrows('PROCESS_STEP_NOT_A_TASK');
    });
    it('completes a started task with a note', () => {
      const startedQuote: ProcessEvent = {
        type: 'ProcessStepStarted',
        data: { processId, stepKey: 'quote', startedBy: tech.id, startedAt: now },
      };
      spec([purchase, startedQuote])
        .when(command('CompleteProcessTask', { processId, stepKey: 'quote', note: ' Two offers attached ' }))
        .then([taskCompleted('quote', { note: 'Two offers attached' })]);
    });
    /** What registering the bought device takes from the task's outcome besides its id. */
    const deviceFacts = {
      assetTag: 'LAP-0009',
      serialNumber: 'SN-0009',
      model: 'ThinkPad T14',
      vendor: 'Lenovo',
      supplier: 'Komputronik',
      purchaseDate: '2026-03-01',
      warrantyEnd: '2029-03-01',
      purchaseCostAmount: 549900,
      purchaseCostCurrency: 'PLN',
    };
    it('resolves the effect of a task from the outcome it records', () => {
      const outcome = { deviceId: 'device-9', ...deviceFacts };
      spec(receivedPurchase)
        .when(command('CompleteProcessTask', { processId, stepKey: 'register-device', outcome }))
        .then([taskCompleted('register-device', { effect: registerEffect, outcome })]);
    });
    it('refuses to register the bought device without the facts its registration takes, naming them', () => {
      const { purchaseCostAmount: _, supplier: __, ...short } = deviceFacts;
      spec(receivedPurchase)
        .when(
          command('CompleteProcessTask', {
            processId,
            stepKey: 'register-device',
            outcome: { deviceId: 'device-9', ...short },
          }),
        )
        .thenThrows('PROCESS_STEP_OUTCOME_MISSING');
    });
    it('refuses to complete a task without the outcome its effect needs', () => {
      spec(receivedPurchase)
        .when(
          command('CompleteProcessTask', {
            processId,
            stepKey: 'register-device',
            outcome: { serial: 'X1' },
          }),
        )
        .thenThrows('PROCESS_STEP_OUTCOME_MISSING');
    });
    it('asks a task for the outcome that a later step needs', () => {
      const onboarding = startedEvent(scenario('onboarding-office'), {
        personId: 'anna',
        startDate: '2026-04-01',
      });
      spec([onboarding])
        .when(command('CompleteProcessTask', { processId, stepKey: 'prepare-laptop' }))
        .thenThrows('PROCESS_STEP_OUTCOME_MISSING');
      spec([onboarding])
        .when(
          command('CompleteProcessTask', {
            processId,
            stepKey: 'prepare-laptop',
            outcome: { deviceId: 'lap-1' },
          }),
        )
        .then([taskCompleted('prepare-laptop', { outcome: { deviceId: 'lap-1' } })]);
    });
    it('refuses an outcome that is not a flat record of named values', () => {
      spec(receivedPurchase)
        .when(
          command('CompleteProcessTask', {
            processId,
            stepKey: 'register-device',
            outcome: { deviceId: 'device-9', 'bad key': 1 },
          }),
        )
        .thenThrows('PROCESS_STEP_OUTCOME_INVALID');
    });
    it('resolves an effect from the outcome of an earlier step', () => {
      spec(registeredPurchase)
        .when(command('CompleteProcessTask', { processId, stepKey: 'hand-over' }))
        .then([taskCompleted('hand-over', { effect: handOverEffect }), processCompleted]);
    });
    it('asks for an optional parameter that was not given when the step needing it is completed', () => {
      const forStock = startedEvent(scenario('purchase-request'), {
        deviceKind: 'monitor',
        justification: 'Spare',
      });
      const registered = [
        forStock,
        taskCompleted('quote'),
        answered('approve-purchase', 'approve'),
        taskCompleted('order'),
        taskCompleted('receive'),
        taskCompleted('register-device', {
          effect: { type: 'register_purchased_device', args: { deviceId: 'mon-1', deviceKind: 'monitor' } },
          outcome: { deviceId: 'mon-1' },
        }),
      ];
      spec(registered)
        .when(command('CompleteProcessTask', { processId, stepKey: 'hand-over' }))
        .thenThrows('PROCESS_STEP_OUTCOME_MISSING');
      spec(registered)
        .when(
          command('CompleteProcessTask', {
            processId,
            stepKey: 'hand-over',
            outcome: { personId: 'bartek' },
          }),
        )
        .then([
          taskCompleted('hand-over', {
            effect: { type: 'assign_device', args: { deviceId: 'mon-1', personId: 'bartek' } },
            outcome: { personId: 'bartek' },
          }),
          processCompleted,
        ]);
    });
    it('refuses to complete a task whose effect needs the outcome of a skipped step', () => {
      spec([...receivedPurchase, skipped('register-device', 'Registered by hand', admin)])
        .when(command('CompleteProcessTask', { processId, stepKey: 'hand-over' }))
        .thenThrows('PROCESS_EFFECT_UNRESOLVED');
    });
    it('refuses a client manager or an employee doing the IT team work', () => {
      for (const actor of [manager, employee]) {
        spec([purchase])
          .when(command('CompleteProcessTask', { processId, stepKey: 'quote' }, actor))
          .thenThrows('PROCESS_TASK_FORBIDDEN', 'forbidden');
      }
    });
    it('refuses to complete a task twice, a decision, or a step the process does not have', () => {
      spec([purchase, taskCompleted('quote')])
        .when(command('CompleteProcessTask', { processId, stepKey: 'quote' }))
        .thenThrows('PROCESS_STEP_ALREADY_SETTLED');
      spec([purchase, taskCompleted('quote')])
        .when(command('CompleteProcessTask', { processId, stepKey: 'approve-purchase' }))
        .thenThrows('PROCESS_STEP_NOT_A_TASK');
      spec([purchase])
        .when(command('CompleteProcessTask', { processId, stepKey: 'pay-invoice' }))
        .thenThrows('PROCESS_STEP_NOT_FOUND', 'not_found');
    });
    it('refuses work on a process that does not exist', () => {
      spec([])
        .when(command('CompleteProcessTask', { processId, stepKey: 'quote' }))
        .thenThrows('PROCESS_NOT_FOUND', 'not_found');
    });
  });

  describe("the client's decisions", () => {
    it('lets the client manager approve, which opens the steps after it', () => {
      spec([purchase, taskCompleted('quote')])
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-purchase', answer: 'approve' },
            manager,
          ),
        )
        .then([answered('approve-purchase', 'approve')]);
      expect(processProgress(stateAfter(processDecider, approvedPurchase)).nextSteps).to.deep.equal([
        'order',
      ]);
    });
    it('ends the process when a decision that ends it is rejected', () => {
      spec([purchase, taskCompleted('quote')])
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-purchase', answer: 'reject', comment: 'Too expensive' },
            manager,
          ),
        )
        .then([
          answered('approve-purchase', 'reject', 'Too expensive'),
          {
            type: 'ProcessRejected',
            data: { processId, stepKey: 'approve-purchase', comment: 'Too expensive', rejectedAt: now },
          },
        ]);
    });
    it('refuses a rejection without a comment', () => {
      spec([purchase, taskCompleted('quote')])
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-purchase', answer: 'reject', comment: ' ' },
            manager,
          ),
        )
        .thenThrows('PROCESS_REJECTION_COMMENT_REQUIRED');
    });
    it('refuses anyone but the client manager answering', () => {
      for (const actor of [tech, admin, employee]) {
        spec([purchase, taskCompleted('quote')])
          .when(
            command(
              'AnswerProcessDecision',
              { processId, stepKey: 'approve-purchase', answer: 'approve' },
              actor,
            ),
          )
          .thenThrows('PROCESS_DECISION_FORBIDDEN', 'forbidden');
      }
    });
    it('refuses an answer before the decision is due, twice, or to a task', () => {
      spec([purchase])
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-purchase', answer: 'approve' },
            manager,
          ),
        )
        .thenThrows('PROCESS_STEP_BLOCKED');
      spec(approvedPurchase)
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-purchase', answer: 'approve' },
            manager,
          ),
        )
        .thenThrows('PROCESS_STEP_ALREADY_SETTLED');
      spec(approvedPurchase)
        .when(command('AnswerProcessDecision', { processId, stepKey: 'order', answer: 'approve' }, manager))
        .thenThrows('PROCESS_STEP_NOT_A_DECISION');
    });
    it('skips the steps of the other branch: approving a repair leaves out the replacement', () => {
      spec(quotedService)
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-repair', answer: 'approve' },
            manager,
          ),
        )
        .then([answered('approve-repair', 'approve'), skipped('replace', '', manager, 'approve-repair')]);
    });
    it('skips the steps of the other branch: rejecting a repair leaves it out and continues', () => {
      const comment = 'Replace it, the device is old';
      spec(quotedService)
        .when(
          command(
            'AnswerProcessDecision',
            { processId, stepKey: 'approve-repair', answer: 'reject', comment },
            manager,
          ),
        )
        .then([
          answered('approve-repair', 'reject', comment),
          skipped('repair', comment, manager, 'approve-repair'),
        ]);
      const state = stateAfter(processDecider, [
        ...quotedService,
        answered('approve-repair', 'reject', comment),
        skipped('repair', comment, manager, 'approve-repair'),
      ]);
      expect(state.status).to.equal('running');
      expect(processProgress(state).nextSteps).to.deep.equal(['replace']);
    });
  });

  describe('skipping', () => {
    it('lets the IT team or the client skip an optional step, with a reason', () => {
      for (const actor of [tech, manager]) {
        spec(registeredPurchase)
          .when(
            command('SkipProcessStep', { processId, stepKey: 'hand-over', reason: 'Stays in stock' }, actor),
          )
          .then([skipped('hand-over', 'Stays in stock', actor), processCompleted]);
      }
    });
    it('lets only an msp_admin skip a required step', () => {
      spec([purchase])
        .when(
          command(
            'SkipProcessStep',
            { processId, stepKey: 'quote', reason: 'Framework agreement price' },
            admin,
          ),
        )
        .then([skipped('quote', 'Framework agreement price', admin)]);
      for (const actor of [tech, manager]) {
        spec([purchase])
          .when(command('SkipProcessStep', { processId, stepKey: 'quote', reason: 'Not needed' }, actor))
          .thenThrows('PROCESS_REQUIRED_STEP_SKIP_FORBIDDEN', 'forbidden');
      }
    });
    it('refuses a skip without a reason, by an employee, or of a step already done', () => {
      spec(registeredPurchase)
        .when(command('SkipProcessStep', { processId, stepKey: 'hand-over', reason: '  ' }))
        .thenThrows('PROCESS_SKIP_REASON_REQUIRED');
      spec(registeredPurchase)
        .when(command('SkipProcessStep', { processId, stepKey: 'hand-over', reason: 'Mine' }, employee))
        .thenThrows('PROCESS_SKIP_FORBIDDEN', 'forbidden');
      spec(registeredPurchase)
        .when(command('SkipProcessStep', { processId, stepKey: 'order', reason: 'Oops' }, admin))
        .thenThrows('PROCESS_STEP_ALREADY_SETTLED');
    });
  });

  describe('completion', () => {
    it('completes the process with the event that settles its last step', () => {
      const approved = [access, answered('approve-access', 'approve')];
      // An access that costs nothing says so: 0.
      const outcome = { monthlyCostAmount: 0, monthlyCostCurrency: 'PLN' };
      spec(approved)
        .when(command('CompleteProcessTask', { processId, stepKey: 'grant-access', outcome }))
        .then([
          taskCompleted('grant-access', {
            effect: { type: 'grant_access', args: { personId: 'anna', system: 'VPN' } },
            outcome,
          }),
          processCompleted,
        ]);
    });
    it('refuses to grant an access without its monthly cost, rather than let the grant fail afterwards', () => {
      const approved = [access, answered('approve-access', 'approve')];
      spec(approved)
        .when(command('CompleteProcessTask', { processId, stepKey: 'grant-access' }))
        .thenThrows('PROCESS_STEP_OUTCOME_MISSING');
      spec(approved)
        .when(
          command('CompleteProcessTask', {
            processId,
            stepKey: 'grant-access',
            outcome: { monthlyCostAmount: 0 },
          }),
        )
        .thenThrows('PROCESS_STEP_OUTCOME_MISSING');
    });
    it('waits for an open optional step before completing', () => {
      const state = stateAfter(processDecider, registeredPurchase);
      expect(state.status).to.equal('running');
      expect(processProgress(state)).to.deep.include({ done: 5, total: 6, nextSteps: ['hand-over'] });
    });
    it('refuses work on a completed, rejected or cancelled process', () => {
      spec(finishedPurchase)
        .when(command('StartProcessStep', { processId, stepKey: 'hand-over' }))
        .thenThrows('PROCESS_NOT_RUNNING');
      const rejected: ProcessEvent = {
        type: 'ProcessRejected',
        data: { processId, stepKey: 'approve-purchase', comment: 'No', rejectedAt: now },
      };
      spec([purchase, taskCompleted('quote'), answered('approve-purchase', 'reject', 'No'), rejected])
        .when(command('CompleteProcessTask', { processId, stepKey: 'order' }))
        .thenThrows('PROCESS_NOT_RUNNING');
    });
  });

  describe('effects', () => {
    const applied = (stepKey: string): ProcessEvent => ({
      type: 'ProcessStepEffectApplied',
      data: { processId, stepKey, appliedAt: now },
    });
    const failed: ProcessEvent = {
      type: 'ProcessStepEffectFailed',
      data: {
        processId,
        stepKey: 'hand-over',
        errorCode: 'DEVICE_NOT_IN_STOCK',
        message: 'Assigned',
        failedAt: now,
      },
    };
    const applyHandOver = (
      result: { status: 'applied' } | { status: 'failed'; errorCode: string; message: string },
    ) => command('RecordStepEffectOutcome', { processId, stepKey: 'hand-over', result });

    it('records that the effect of the last step was applied, after the process completed', () => {
      spec(finishedPurchase)
        .when(applyHandOver({ status: 'applied' }))
        .then([applied('hand-over')]);
    });
    it('records a failed effect, while the step stays done, and a later success', () => {
      spec(finishedPurchase)
        .when(applyHandOver({ status: 'failed', errorCode: 'DEVICE_NOT_IN_STOCK', message: 'Assigned' }))
        .then([failed]);
      const state = stateAfter(processDecider, [...finishedPurchase, failed]);
      const step =
        state.status === 'completed' ? state.steps.find((s) => s.step.key === 'hand-over') : undefined;
      expect(step?.status).to.equal('done');
      expect(
        step?.status === 'done' && step.result.kind === 'task' && step.result.effect?.progress,
      ).to.deep.equal({
        status: 'failed',
        errorCode: 'DEVICE_NOT_IN_STOCK',
        message: 'Assigned',
        failedAt: now,
      });
      spec([...finishedPurchase, failed])
        .when(applyHandOver({ status: 'applied' }))
        .then([applied('hand-over')]);
    });
    it('ignores a redelivered success and refuses a failure after success', () => {
      spec([...finishedPurchase, applied('hand-over')])
        .when(applyHandOver({ status: 'applied' }))
        .then([]);
      spec([...finishedPurchase, applied('hand-over')])
        .when(applyHandOver({ status: 'failed', errorCode: 'X', message: '' }))
        .thenThrows('PROCESS_EFFECT_ALREADY_APPLIED');
    });
    it('refuses an effect outcome for a step without effect, not yet done, or with a malformed code', () => {
      spec(finishedPurchase)
        .when(
          command('RecordStepEffectOutcome', { processId, stepKey: 'quote', result: { status: 'applied' } }),
        )
        .thenThrows('PROCESS_STEP_HAS_NO_EFFECT');
      spec(receivedPurchase)
        .when(
          command('RecordStepEffectOutcome', {
            processId,
            stepKey: 'register-device',
            result: { status: 'applied' },
          }),
        )
        .thenThrows('PROCESS_STEP_NOT_DONE');
      spec(finishedPurchase)
        .when(applyHandOver({ status: 'failed', errorCode: 'device not in stock', message: '' }))
        .thenThrows('PROCESS_EFFECT_ERROR_CODE_INVALID');
    });
    it('refuses the client recording effect outcomes', () => {
      spec(finishedPurchase)
        .when(
          command(
            'RecordStepEffectOutcome',
            { processId, stepKey: 'hand-over', result: { status: 'applied' } },
            manager,
          ),
        )
        .thenThrows('PROCESS_EFFECT_RECORD_FORBIDDEN', 'forbidden');
    });
  });

  describe('cancelling', () => {
    const cancelled: ProcessEvent = {
      type: 'ProcessCancelled',
      data: { processId, reason: 'Candidate declined', cancelledBy: manager.id, cancelledAt: now },
    };
    it('lets the client manager or an msp_admin cancel a running process, with a reason', () => {
      spec(approvedPurchase)
        .when(command('CancelProcess', { processId, reason: ' Candidate declined ' }, manager))
        .then([cancelled]);
      spec(approvedPurchase)
        .when(command('CancelProcess', { processId, reason: 'Duplicate' }, admin))
        .then([
          {
            type: 'ProcessCancelled',
            data: { processId, reason: 'Duplicate', cancelledBy: admin.id, cancelledAt: now },
          },
        ]);
    });
    it('refuses a cancellation without a reason or by the IT team', () => {
      spec(approvedPurchase)
        .when(command('CancelProcess', { processId, reason: '' }, manager))
        .thenThrows('PROCESS_CANCEL_REASON_REQUIRED');
      spec(approvedPurchase)
        .when(command('CancelProcess', { processId, reason: 'Done elsewhere' }, tech))
        .thenThrows('PROCESS_CANCEL_FORBIDDEN', 'forbidden');
    });
    it('refuses to cancel a completed or cancelled process', () => {
      spec(finishedPurchase)
        .when(command('CancelProcess', { processId, reason: 'Too late' }, manager))
        .thenThrows('PROCESS_NOT_RUNNING');
      spec([...approvedPurchase, cancelled])
        .when(command('CancelProcess', { processId, reason: 'Again' }, manager))
        .thenThrows('PROCESS_NOT_RUNNING');
    });
  });

  describe('progress', () => {
    it('shows nothing for a process not started', () => {
      expect(processProgress(processDecider.initialState)).to.deep.equal({
        done: 0,
        total: 0,
        waitingForClient: [],
        nextSteps: [],
      });
    });
    it('shows what waits for the client', () => {
      expect(processProgress(stateAfter(processDecider, [access]))).to.deep.equal({
        done: 0,
        total: 2,
        waitingForClient: ['approve-access'],
        nextSteps: ['approve-access'],
      });
      expect(processProgress(stateAfter(processDecider, [purchase, taskCompleted('quote')]))).to.deep.equal({
        done: 1,
        total: 6,
        waitingForClient: ['approve-purchase'],
        nextSteps: ['approve-purchase'],
      });
    });
    it('drops skipped steps from the count and offers steps that can run side by side', () => {
      const onboarding = startedEvent(scenario('onboarding-developer'), {
        personId: 'anna',
        startDate: '2026-04-01',
      });
      const events = [
        onboarding,
        taskCompleted('create-account', {
          effect: { type: 'grant_access', args: { personId: 'anna', system: 'e-mail' } },
        }),
        answered('approve-ide-licence', 'reject', 'Community edition is enough'),
        skipped('grant-ide-licence', 'Community edition is enough', manager, 'approve-ide-licence'),
      ];
      expect(processProgress(stateAfter(processDecider, events))).to.deep.equal({
        done: 2,
        total: 7,
        waitingForClient: [],
        nextSteps: ['grant-vpn', 'grant-repository', 'prepare-workstation'],
      });
    });
    it('shows a finished process as having nothing next', () => {
      expect(processProgress(stateAfter(processDecider, finishedPurchase))).to.deep.equal({
        done: 6,
        total: 6,
        waitingForClient: [],
        nextSteps: [],
      });
    });
  });

  describe('event schemas', () => {
    const registry = createSchemaRegistry({ schemas: processEventSchemas });

    it('has a schema for every event type the decider can emit', () => {
      for (const type of processEventTypes) expect(registry.latestVersion(type), type).to.equal(1);
      expect(processEventSchemas).to.have.length(processEventTypes.length);
    });
    it('accepts every event a whole process produces, of every type', () => {
      const run = (given: ProcessEvent[], ...commands: ProcessCommand[]) => {
        const events = [...given];
        for (const next of commands)
          events.push(...processDecider.decide(next, stateAfter(processDecider, events)));
        return events;
      };
      const offboarding = run(
        [],
        command(
          'StartProcess',
          {
            processId,
            scenario: scenario('offboarding'),
            parameters: { personId: 'anna', lastDay: '2026-03-31' },
            heldDeviceIds: ['device-1'],
            accesses: [{ accessId: 'access-1', system: 'ERP' }],
          },
          manager,
        ),
        command('StartProcessStep', { processId, stepKey: 'collect-device-1' }),
        command('CompleteProcessTask', {
          processId,
          stepKey: 'collect-device-1',
          outcome: { condition: 'good' },
        }),
        command('RecordStepEffectOutcome', {
          processId,
          stepKey: 'collect-device-1',
          result: { status: 'failed', errorCode: 'DEVICE_NOT_ASSIGNED', message: 'Already returned' },
        }),
        command('SkipProcessStep', { processId, stepKey: 'back-up-data', reason: 'No data' }, admin),
        command('CompleteProcessTask', { processId, stepKey: 'revoke-access-1' }),
        command('CompleteProcessTask', { processId, stepKey: 'depart-person' }),
        command('RecordStepEffectOutcome', {
          processId,
          stepKey: 'depart-person',
          result: { status: 'applied' },
        }),
      );
      const rejectedRepair = run(
        quotedService,
        command(
          'AnswerProcessDecision',
          { processId, stepKey: 'approve-repair', answer: 'reject', comment: 'Old' },
          manager,
        ),
        command('CancelProcess', { processId, reason: 'Bought a new one' }, manager),
      );
      const rejectedPurchase = run(
        [purchase, taskCompleted('quote')],
        command(
          'AnswerProcessDecision',
          { processId, stepKey: 'approve-purchase', answer: 'reject', comment: 'No' },
          manager,
        ),
      );
      const all = [...offboarding, ...rejectedRepair, ...rejectedPurchase];
      for (const event of all) registry.validate(event.type, 1, event.data);
      expect(new Set(all.map((event) => event.type))).to.deep.equal(new Set(processEventTypes));
    });
  });
});
