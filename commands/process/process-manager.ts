import { concatMap, type Subscription } from 'rxjs';
import type { ProcessStarted, ProcessTaskCompleted, ResolvedEffect } from '../../domain/process/index.js';
import { assertNever, DomainError } from '../../domain/shared/index.js';
import type { RecordedEvent } from '../../event-store/index.js';
import {
  type CommandDefinition,
  type CommandDeps,
  CommandValidationError,
  executeCommand,
} from '../command-definition.js';
import type { CommandEnvelope } from '../command-envelope.js';
import { assignDevice, registerDevice, returnDevice } from '../device/device-command-handlers.js';
import { eventIdFor } from '../event-id.js';
import {
  departPerson,
  grantAccess,
  revokeAccess,
  startOffboarding,
} from '../person/person-command-handlers.js';
import { recordStepEffectOutcome } from './process-command-handlers.js';

/** The process manager acts for the IT team, under an account of its own. */
const actor = { id: 'system:process-manager', role: 'msp_admin' } as const;

/**
 * Every command the manager sends gets an id derived from the event it reacts to, so handling the same
 * event twice (after a restart, or from two managers) stores nothing twice: at-least-once delivery,
 * exactly-once effects.
 */
const envelopeFor = (event: RecordedEvent, purpose: number): CommandEnvelope => ({
  commandId: eventIdFor(event.id, purpose),
  tenantId: event.metadata.tenantId as string,
  actor,
  now: event.recordedAt.toISOString(),
  correlationId: (event.metadata.correlationId as string | undefined) ?? event.id,
  causationId: event.id,
});

type Outcome = Record<string, string | number | boolean>;
const text = (outcome: Outcome, key: string) =>
  outcome[key] === undefined ? undefined : String(outcome[key]);
const money = (outcome: Outcome, prefix: string) => ({
  amount: outcome[`${prefix}Amount`],
  currency: outcome[`${prefix}Currency`],
});

/** The command a resolved effect names, with what the scenario did not know taken from the step's outcome. */
const effectCommand = (
  effect: ResolvedEffect,
  completed: ProcessTaskCompleted['data'],
  event: RecordedEvent,
): { definition: CommandDefinition<unknown>; payload: unknown } => {
  const outcome = completed.outcome;
  const as = <Input>(definition: CommandDefinition<Input>, payload: unknown) => ({
    definition: definition as CommandDefinition<unknown>,
    payload,
  });
  switch (effect.type) {
    case 'assign_device':
      return as(assignDevice, { deviceId: effect.args.deviceId, personId: effect.args.personId });
    case 'return_device':
      return as(returnDevice, {
        deviceId: effect.args.deviceId,
        personId: effect.args.personId,
        condition: effect.args.condition,
        note: completed.note,
      });
    case 'grant_access':
      return as(grantAccess, {
        personId: effect.args.personId,
        system: effect.args.system,
        accessId: eventIdFor(event.id, 2),
        monthlyCost: money(outcome, 'monthlyCost'),
      });
    case 'revoke_access':
      return as(revokeAccess, { personId: effect.args.personId, accessId: effect.args.accessId });
    case 'register_purchased_device':
      return as(registerDevice, {
        deviceId: effect.args.deviceId,
        kind: effect.args.deviceKind,
        assetTag: text(outcome, 'assetTag'),
        serialNumber: text(outcome, 'serialNumber'),
        model: text(outcome, 'model'),
        vendor: text(outcome, 'vendor'),
        supplier: text(outcome, 'supplier'),
        purchaseDate: text(outcome, 'purchaseDate'),
        warrantyEnd: text(outcome, 'warrantyEnd'),
        purchaseCost: money(outcome, 'purchaseCost'),
      });
    case 'depart_person':
      return as(departPerson, { personId: effect.args.personId, processId: completed.processId });
    default:
      return assertNever(effect);
  }
};

/** A refusal becomes a recorded outcome the client and the IT team see; anything else is retried later. */
const failureOf = (error: unknown) => {
  if (error instanceof DomainError)
    return { status: 'failed' as const, errorCode: error.code, message: error.message };
  if (error instanceof CommandValidationError) {
    return { status: 'failed' as const, errorCode: error.code, message: error.message };
  }
  throw error;
};

/** Reacts to one event: the person of an offboarding is marked leaving; a done step's effect is applied. */
export const reactToProcessEvent = async (deps: CommandDeps, event: RecordedEvent): Promise<void> => {
  if (event.type === 'ProcessStarted') {
    const started = event.data as unknown as ProcessStarted['data'];
    const personId = started.parameters.personId;
    if (started.scenarioKind !== 'offboarding' || !personId) return;
    await executeCommand(
      deps,
      startOffboarding,
      { personId, processId: started.processId },
      envelopeFor(event, 0),
    ).catch((error: unknown) => failureOf(error));
    return;
  }
  if (event.type !== 'ProcessTaskCompleted') return;
  const completed = event.data as unknown as ProcessTaskCompleted['data'];
  if (!completed.effect) return;
  const { definition, payload } = effectCommand(completed.effect, completed, event);
  const result = await executeCommand(deps, definition, payload, envelopeFor(event, 0)).then(
    () => ({ status: 'applied' as const }),
    failureOf,
  );
  await recordStepEffectOutcome(deps, envelopeFor(event, 1), {
    processId: completed.processId,
    stepKey: completed.stepKey,
    result,
  });
};

/**
 * Follows the log from `after` and reacts to process events one at a time, in log order. `onHandled`
 * receives each checkpoint once its event is fully handled, for the caller to persist.
 */
export const startProcessManager = (
  deps: CommandDeps,
  options: { after?: string; onHandled?: (checkpoint: string) => void; onError: (error: unknown) => void },
): Subscription =>
  deps.store
    .subscribeToAll(options.after === undefined ? {} : { after: options.after })
    .pipe(
      concatMap(async (event) => {
        await reactToProcessEvent(deps, event);
        options.onHandled?.(event.checkpoint);
      }),
    )
    .subscribe({ error: options.onError });
