/** The kinds of process a client can launch (DESIGN.md, "Process"). */
export const scenarioKinds = [
  'onboarding',
  'offboarding',
  'hardware_service',
  'purchase_request',
  'access_request',
] as const;
export type ScenarioKind = (typeof scenarioKinds)[number];

/** Text shown to people, in both languages of the panel. */
export interface LocalizedText {
  pl: string;
  en: string;
}

/** What a start parameter holds: decides how it is checked and which picker the panel shows. */
export const parameterTypes = ['person_id', 'device_id', 'date', 'device_kind', 'text'] as const;
export type ParameterType = (typeof parameterTypes)[number];

export interface ScenarioParameter {
  name: string;
  type: ParameterType;
  required: boolean;
  title: LocalizedText;
}

/** The commands a step may cause on another aggregate, and the arguments each of them needs. */
export const effectTypes = [
  'assign_device',
  'return_device',
  'grant_access',
  'revoke_access',
  'register_purchased_device',
  'depart_person',
] as const;
export type EffectType = (typeof effectTypes)[number];

/**
 * Only what the scenario knows; the process manager adds the rest (new access ids, costs, the device
 * facts of a registration) from the step's outcome and the tenant's data.
 */
export const effectArguments = {
  assign_device: ['deviceId', 'personId'],
  return_device: ['deviceId', 'personId', 'condition'],
  grant_access: ['personId', 'system'],
  revoke_access: ['accessId', 'personId'],
  register_purchased_device: ['deviceId', 'deviceKind'],
  depart_person: ['personId'],
} as const satisfies Record<EffectType, readonly string[]>;

/**
 * The fields of a task's own outcome its effect takes besides its arguments (the process manager reads
 * them): a completion without them is refused, rather than its effect failing afterwards.
 */
export const effectOutcomeFields = {
  assign_device: [],
  return_device: [],
  grant_access: ['monthlyCostAmount', 'monthlyCostCurrency'],
  revoke_access: [],
  register_purchased_device: [
    'assetTag',
    'serialNumber',
    'model',
    'vendor',
    'supplier',
    'purchaseDate',
    'warrantyEnd',
    'purchaseCostAmount',
    'purchaseCostCurrency',
  ],
  depart_person: [],
} as const satisfies Record<EffectType, readonly string[]>;

export type EffectArgument<Type extends EffectType> = (typeof effectArguments)[Type][number];

/** An effect whose every argument is given as a `Value`: a reference, a planned value or a final string. */
export type EffectWith<Value> = {
  [Type in EffectType]: { type: Type; args: Record<EffectArgument<Type>, Value> };
}[EffectType];

/** What a repeated step is planned once for: each device the person holds, or each access they have. */
export const planItemKinds = ['held_device', 'access'] as const;
export type PlanItemKind = (typeof planItemKinds)[number];

/** The fields of one plan item, usable in effect arguments and (as `{field}`) in titles. */
export const planItemFields = {
  held_device: ['deviceId'],
  access: ['accessId', 'system'],
} as const satisfies Record<PlanItemKind, readonly string[]>;
export type PlanItemField = (typeof planItemFields)[PlanItemKind][number];

/**
 * Where an effect argument comes from:
 * - `param`: a start parameter; an optional one that was not given is asked for when the step is
 *   completed, as an outcome field of the same name;
 * - `value`: a fixed value written in the scenario;
 * - `outcome`: a field of the outcome of a step completed earlier (`step`, a dependency) or of this step
 *   (no `step`), which makes that field required when that step is completed;
 * - `item`: a field of the item a repeated step is planned for.
 */
export type ValueRef =
  | { param: string }
  | { value: string }
  | { outcome: string; step?: string }
  | { item: PlanItemField };

export type EffectTemplate = EffectWith<ValueRef>;

/** Steps skipped when a decision is answered one way; they must depend on that decision. */
export interface Branch {
  skip: readonly string[];
}

interface StepDefinition {
  /** Unique within the scenario, kebab-case. */
  key: string;
  title: LocalizedText;
  /** Keys of the steps that must be done or skipped first. */
  dependsOn: readonly string[];
  /**
   * Whether the step may be left out at will: an optional step may be skipped (with a reason) by the IT
   * team or the client's manager, a required one only by an `msp_admin`. Either way, the process is
   * complete only when every step is done or skipped.
   */
  required: boolean;
}

/** Work for the IT team (`technician` or `msp_admin`). */
export interface ScenarioTask extends StepDefinition {
  kind: 'task';
  effect?: EffectTemplate;
  /**
   * Plans the step once per item (keys `<key>-1`, `<key>-2`, …; titles may use `{n}`, `{count}` and the
   * item's fields); a step depending on `key` depends on all of them, and none is planned for no items.
   */
  forEach?: PlanItemKind;
}

/** A question to the client, answered (approve or reject) only by a `client_manager` of the tenant. */
export interface ScenarioDecision extends StepDefinition {
  kind: 'decision';
  /** `end`: the process ends rejected; a branch: those steps are skipped and the rest continue. */
  onReject: 'end' | Branch;
  /** Steps that only the rejected path needs (e.g. replace rather than repair). */
  onApprove?: Branch;
}

export type ScenarioStep = ScenarioTask | ScenarioDecision;

/** One version of a scenario; a published version never changes, a change is a new version. */
export interface Scenario {
  /** Stable across versions, kebab-case (`onboarding-office`). */
  id: string;
  version: number;
  kind: ScenarioKind;
  title: LocalizedText;
  parameters: readonly ScenarioParameter[];
  steps: readonly ScenarioStep[];
}
