import { type EventSchema, type JsonSchema, schemaParts as s } from '../shared/index.js';
import { decisionAnswers } from './process-events.js';
import { maxParameterTextLength } from './process-plan.js';
import { effectArguments, effectTypes, scenarioKinds } from './scenario.js';
import { fieldNamePattern, scenarioKeyPattern } from './scenario-validation.js';

const key = { type: 'string', pattern: scenarioKeyPattern, maxLength: 100 };
const keys = { type: 'array', items: key, maxItems: 500 };
const fieldName = { type: 'string', pattern: fieldNamePattern };
const title = { type: 'string', minLength: 1, maxLength: 400 };
const localized = s.object({ pl: title, en: title });
const value = { type: 'string', minLength: 1, maxLength: maxParameterTextLength };
const branch = s.object({ skip: keys });
const errorCode = { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,99}$' };

/** One alternative per effect type, each with exactly that type's arguments. */
const effectWith = (argument: JsonSchema) => ({
  oneOf: effectTypes.map((type) =>
    s.object({
      type: s.enumOf([type]),
      args: s.object(Object.fromEntries(effectArguments[type].map((name) => [name, argument]))),
    }),
  ),
});

const plannedValue = {
  oneOf: [s.object({ value }), s.object({ outcome: fieldName, step: key })],
};

const stepBase = { key, title: localized, dependsOn: keys, required: { type: 'boolean' } };
const plannedStep = {
  oneOf: [
    s.object({ kind: s.enumOf(['task']), ...stepBase, effect: s.nullable(effectWith(plannedValue)) }),
    s.object({
      kind: s.enumOf(['decision']),
      ...stepBase,
      onApprove: s.nullable(branch),
      onReject: { anyOf: [s.enumOf(['end']), branch] },
    }),
  ],
};

const parameters = {
  type: 'object',
  maxProperties: 50,
  propertyNames: fieldName,
  additionalProperties: s.text(maxParameterTextLength),
};
const outcome = {
  type: 'object',
  maxProperties: 50,
  propertyNames: fieldName,
  additionalProperties: { anyOf: [s.text(2000), { type: 'number' }, { type: 'boolean' }] },
};

/** JSON Schemas of every process event's data, by version. */
export const processEventSchemas: EventSchema[] = [
  {
    type: 'ProcessStarted',
    version: 1,
    schema: s.object({
      processId: s.id,
      scenarioId: key,
      scenarioVersion: { type: 'integer', minimum: 1 },
      scenarioKind: s.enumOf(scenarioKinds),
      title: localized,
      parameters,
      startedBy: s.id,
      steps: { type: 'array', items: plannedStep, minItems: 1, maxItems: 500 },
      startedAt: s.instant,
    }),
  },
  {
    type: 'ProcessStepStarted',
    version: 1,
    schema: s.object({ processId: s.id, stepKey: key, startedBy: s.id, startedAt: s.instant }),
  },
  {
    type: 'ProcessTaskCompleted',
    version: 1,
    schema: s.object({
      processId: s.id,
      stepKey: key,
      note: s.text(),
      outcome,
      effect: s.nullable(effectWith(value)),
      completedBy: s.id,
      completedAt: s.instant,
    }),
  },
  {
    type: 'ProcessDecisionAnswered',
    version: 1,
    schema: s.object({
      processId: s.id,
      stepKey: key,
      answer: s.enumOf(decisionAnswers),
      comment: s.text(),
      answeredBy: s.id,
      answeredAt: s.instant,
    }),
  },
  {
    type: 'ProcessStepSkipped',
    version: 1,
    schema: s.object({
      processId: s.id,
      stepKey: key,
      reason: s.text(),
      byDecision: s.nullable(key),
      skippedBy: s.id,
      skippedAt: s.instant,
    }),
  },
  {
    type: 'ProcessStepEffectApplied',
    version: 1,
    schema: s.object({ processId: s.id, stepKey: key, appliedAt: s.instant }),
  },
  {
    type: 'ProcessStepEffectFailed',
    version: 1,
    schema: s.object({ processId: s.id, stepKey: key, errorCode, message: s.text(), failedAt: s.instant }),
  },
  {
    type: 'ProcessCompleted',
    version: 1,
    schema: s.object({ processId: s.id, completedAt: s.instant }),
  },
  {
    type: 'ProcessRejected',
    version: 1,
    schema: s.object({ processId: s.id, stepKey: key, comment: s.text(), rejectedAt: s.instant }),
  },
  {
    type: 'ProcessCancelled',
    version: 1,
    schema: s.object({ processId: s.id, reason: s.text(), cancelledBy: s.id, cancelledAt: s.instant }),
  },
];
