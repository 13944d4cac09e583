import { z } from 'zod';
import { activeAccesses, personDecider } from '../../domain/person/index.js';
import {
  decisionAnswers,
  findScenario,
  type ProcessCommand,
  processDecider,
  scenarioCatalogue,
  tenantScenariosDecider,
} from '../../domain/process/index.js';
import { notFound } from '../../domain/shared/index.js';
import { type CommandDefinition, type CommandDeps, defineCommand } from '../command-definition.js';
import { type CommandEnvelope, contextOf } from '../command-envelope.js';
import { heldDevices } from '../device/custody.js';
import { handleCommand, loadAggregate } from '../handle-command.js';
import { personStream, processStream, tenantScenariosStream } from '../streams.js';
import { scenarioSchema } from './scenario-schema.js';

const onProcess = (deps: CommandDeps, envelope: CommandEnvelope, command: Omit<ProcessCommand, 'meta'>) =>
  handleCommand(
    deps.store,
    processDecider,
    processStream(command.data.processId),
    {
      ...command,
      meta: { tenantId: envelope.tenantId, actor: envelope.actor, now: envelope.now },
    } as ProcessCommand,
    envelope,
  );

const processId = z.uuid();
const stepKey = z.string().trim().min(1).max(100);
const reason = z.string().trim().min(1).max(2000);

/**
 * Starts a process from the catalogue (the latest version unless one is named). For an offboarding the
 * person's devices and accesses are read now, so the plan has one step for each.
 */
export const startProcess = defineCommand({
  type: 'StartProcess',
  schema: z.strictObject({
    processId,
    scenarioId: z.string().trim().min(1).max(100),
    scenarioVersion: z.number().int().positive().optional(),
    parameters: z.record(z.string(), z.string().max(2000)),
  }),
  roles: ['client_manager', 'msp_admin'],
  async run(deps, input, envelope) {
    const scenario = findScenario(
      await scenariosOf(deps, envelope.tenantId),
      input.scenarioId,
      input.scenarioVersion,
    );
    if (!scenario) {
      throw notFound(
        'SCENARIO_NOT_FOUND',
        `No scenario ${input.scenarioId}${input.scenarioVersion ? ` v${input.scenarioVersion}` : ''}`,
      );
    }
    const personId = input.parameters.personId;
    let holdings:
      | { heldDeviceIds: string[]; accesses: Array<{ accessId: string; system: string }> }
      | undefined;
    if (scenario.kind === 'offboarding' && personId) {
      const { state } = await loadAggregate(
        deps.store,
        personStream(personId),
        personDecider,
        envelope.tenantId,
      );
      if (state.status === 'unregistered')
        throw notFound('PERSON_NOT_FOUND', `Person ${personId} does not exist`);
      holdings = {
        heldDeviceIds: await heldDevices(deps.store, envelope.tenantId, personId),
        accesses: activeAccesses(state).map(({ accessId, system }) => ({ accessId, system })),
      };
    }
    return onProcess(deps, envelope, {
      type: 'StartProcess',
      data: { processId: input.processId, scenario, parameters: input.parameters, ...holdings },
    });
  },
});

export const startProcessStep = defineCommand({
  type: 'StartProcessStep',
  schema: z.strictObject({ processId, stepKey }),
  roles: ['technician', 'msp_admin'],
  run: (deps, data, envelope) => onProcess(deps, envelope, { type: 'StartProcessStep', data }),
});

export const completeProcessTask = defineCommand({
  type: 'CompleteProcessTask',
  schema: z.strictObject({
    processId,
    stepKey,
    note: z.string().max(2000).optional(),
    outcome: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean()])).optional(),
  }),
  roles: ['technician', 'msp_admin'],
  run: (deps, data, envelope) => onProcess(deps, envelope, { type: 'CompleteProcessTask', data }),
});

export const answerProcessDecision = defineCommand({
  type: 'AnswerProcessDecision',
  schema: z.strictObject({
    processId,
    stepKey,
    answer: z.enum(decisionAnswers),
    comment: z.string().max(2000).optional(),
  }),
  roles: ['client_manager'],
  run: (deps, data, envelope) => onProcess(deps, envelope, { type: 'AnswerProcessDecision', data }),
});

export const skipProcessStep = defineCommand({
  type: 'SkipProcessStep',
  schema: z.strictObject({ processId, stepKey, reason }),
  roles: ['technician', 'msp_admin', 'client_manager'],
  run: (deps, data, envelope) => onProcess(deps, envelope, { type: 'SkipProcessStep', data }),
});

export const cancelProcess = defineCommand({
  type: 'CancelProcess',
  schema: z.strictObject({ processId, reason }),
  roles: ['client_manager', 'msp_admin'],
  run: (deps, data, envelope) => onProcess(deps, envelope, { type: 'CancelProcess', data }),
});

/** Recorded by the process manager only; not offered to people. */
export const recordStepEffectOutcome = (
  deps: CommandDeps,
  envelope: CommandEnvelope,
  data: Extract<ProcessCommand, { type: 'RecordStepEffectOutcome' }>['data'],
) => onProcess(deps, envelope, { type: 'RecordStepEffectOutcome', data });

/** Adds a scenario of the tenant's own (the IT team's administrator only), next to the shared catalogue. */
export const addTenantScenario = defineCommand({
  type: 'AddTenantScenario',
  schema: z.strictObject({ scenario: scenarioSchema }),
  roles: ['msp_admin'],
  run: (deps, { scenario }, envelope) =>
    handleCommand(
      deps.store,
      tenantScenariosDecider,
      tenantScenariosStream(envelope.tenantId),
      {
        type: 'AddTenantScenario',
        data: { scenario, catalogueIds: [...new Set(scenarioCatalogue.map((known) => known.id))] },
        meta: contextOf(envelope),
      },
      envelope,
    ),
});

/** The tenant's own scenarios and the shared catalogue, for starting a process. */
const scenariosOf = async (deps: CommandDeps, tenantId: string) => {
  const { state } = await loadAggregate(
    deps.store,
    tenantScenariosStream(tenantId),
    tenantScenariosDecider,
    tenantId,
  );
  return [...scenarioCatalogue, ...state.scenarios];
};

export const processCommands: CommandDefinition<unknown>[] = [
  startProcess,
  startProcessStep,
  completeProcessTask,
  answerProcessDecision,
  skipProcessStep,
  cancelProcess,
  addTenantScenario,
] as CommandDefinition<unknown>[];
