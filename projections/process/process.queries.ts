import { type Kysely, type Selectable, sql } from 'kysely';
import type { DeviceTables } from '../device/device.tables.js';
import { cursorInstant, decodeCursor as decode, pageLimit, pageOf } from '../pagination.js';
import type { PersonTables } from '../person/person.tables.js';
import type {
  EffectOutcome,
  ProcessListTable,
  ProcessStepTable,
  ProcessTables,
  StepEffect,
} from './process.tables.js';

export interface ProcessListFilter {
  /** running, completed, rejected or cancelled. */
  status?: string;
  /** The scenario kind: onboarding, offboarding, … */
  kind?: string;
  /** Only the processes about this person (its `personId` parameter). */
  personId?: string;
  cursor?: string;
  limit?: number;
}

/** The tenant's processes, newest first, a page at a time (keyset on start time and id). */
export const listProcesses = async (
  db: Kysely<ProcessTables>,
  tenantId: string,
  filter: ProcessListFilter = {},
) => {
  const limit = pageLimit(filter.limit);
  let query = db.selectFrom('process_list').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('scenario_kind', '=', filter.kind);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.cursor) {
    const [startedAt, processId] = decode(filter.cursor) as [string, string];
    query = query.where(
      sql<boolean>`(started_at, process_id) < (${cursorInstant(startedAt)}::timestamptz, ${processId})`,
    );
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('process_id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (last) => [last.started_at.toISOString(), last.process_id]);
};

/** True for a step (aliased `s`) whose every dependency is done or skipped: it can be acted on. */
export const dependenciesSettled = sql<boolean>`not exists (select 1 from process_steps d
  where d.tenant_id = s.tenant_id and d.process_id = s.process_id
    and d.step_key = any(s.depends_on) and d.status not in ('done', 'skipped'))`;

/** Decision steps whose dependencies are all done or skipped and that are not answered yet. */
const waitingDecisions = (db: Kysely<ProcessTables>, tenantId: string) =>
  db
    .selectFrom('process_steps as s')
    .innerJoin('process_list as p', (join) =>
      join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.process_id', '=', 's.process_id'),
    )
    .where('s.tenant_id', '=', tenantId)
    .where('s.kind', '=', 'decision')
    .where('s.status', 'not in', ['done', 'skipped'])
    .where('p.status', '=', 'running')
    .where(dependenciesSettled);

/** The card reads its own tables and, for the names beside effects, the devices' and the accesses'. */
export type ProcessCardTables = ProcessTables &
  Pick<DeviceTables, 'device_list'> &
  Pick<PersonTables, 'person_accesses'>;

/** The device an effect is about, by its asset tag and model (null when the device list does not know it). */
export interface EffectDevice {
  deviceId: string;
  assetTag: string | null;
  model: string | null;
}

/** The access an effect is about, by its system's name (null when the person's accesses do not list it). */
export interface EffectAccess {
  accessId: string;
  system: string | null;
}

/**
 * A step's effect as the card shows it. An argument taken from an earlier step's outcome carries its
 * `value` as soon as that step is done. `device` (for a `deviceId` argument) and `access` (for an
 * `accessId` one) name what the effect is about; null while that id is not known yet.
 */
export interface CardEffect extends StepEffect {
  device?: EffectDevice | null;
  access?: EffectAccess | null;
}

export type ProcessCardStep = Omit<Selectable<ProcessStepTable>, 'effect' | 'effect_outcome'> & {
  effect: CardEffect | null;
  /** Applied, or failed with an error code and message; null until the process manager recorded it. */
  effectOutcome: EffectOutcome | null;
};

export interface ProcessCard {
  process: Selectable<ProcessListTable>;
  steps: ProcessCardStep[];
  /** The decisions the client can answer now. */
  waitingForClient: string[];
}

/** Fills in the arguments that wait for another step's outcome once that step has recorded it. */
const withKnownValues = (effect: StepEffect, steps: readonly Selectable<ProcessStepTable>[]): StepEffect => ({
  type: effect.type,
  args: Object.fromEntries(
    Object.entries(effect.args).map(([name, arg]) => {
      if (!('outcome' in arg) || arg.value !== undefined) return [name, arg];
      const source = steps.find((step) => step.step_key === arg.step && step.status === 'done');
      const found = source?.outcome?.[arg.outcome];
      const value = found === undefined || found === null ? '' : String(found).trim();
      return [name, value === '' ? arg : { ...arg, value }];
    }),
  ),
});

const argumentValue = (effect: StepEffect | null, name: string) => effect?.args[name]?.value;
const known = (values: (string | undefined)[]) => [
  ...new Set(values.filter((value): value is string => value !== undefined)),
];

/** The asset tag and model of each device, and the system of each access, that the effects name. */
const labelsOf = async (db: Kysely<ProcessCardTables>, tenantId: string, effects: (StepEffect | null)[]) => {
  const deviceIds = known(effects.map((effect) => argumentValue(effect, 'deviceId')));
  const accessEffects = effects.filter((effect) => argumentValue(effect, 'accessId') !== undefined);
  const accessIds = known(accessEffects.map((effect) => argumentValue(effect, 'accessId')));
  const personIds = known(accessEffects.map((effect) => argumentValue(effect, 'personId')));
  const [devices, accesses] = await Promise.all([
    deviceIds.length === 0
      ? []
      : db
          .selectFrom('device_list')
          .select(['device_id', 'asset_tag', 'model'])
          .where('tenant_id', '=', tenantId)
          .where('device_id', 'in', deviceIds)
          .execute(),
    accessIds.length === 0 || personIds.length === 0
      ? []
      : db
          .selectFrom('person_accesses')
          .select(['access_id', 'system'])
          .where('tenant_id', '=', tenantId)
          .where('person_id', 'in', personIds)
          .where('access_id', 'in', accessIds)
          .execute(),
  ]);
  return {
    devices: new Map(devices.map((device) => [device.device_id, device])),
    systems: new Map(accesses.map((access) => [access.access_id, access.system])),
  };
};

/**
 * One process of the tenant with its steps in the planned order, or undefined (also for another tenant's
 * process). Each task's effect names the device or access it is about; `waitingForClient` names the
 * decisions the client can answer now.
 */
export const processCard = async (
  db: Kysely<ProcessCardTables>,
  tenantId: string,
  processId: string,
): Promise<ProcessCard | undefined> => {
  const process = await db
    .selectFrom('process_list')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('process_id', '=', processId)
    .executeTakeFirst();
  if (!process) return undefined;
  const [rows, waiting] = await Promise.all([
    db
      .selectFrom('process_steps')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('process_id', '=', processId)
      .orderBy('position')
      .execute(),
    waitingDecisions(db as unknown as Kysely<ProcessTables>, tenantId)
      .where('s.process_id', '=', processId)
      .select('s.step_key')
      .execute(),
  ]);
  const effects = rows.map((row) => (row.effect ? withKnownValues(row.effect, rows) : null));
  const { devices, systems } = await labelsOf(db, tenantId, effects);
  const steps = rows.map(({ effect: _stored, effect_outcome, ...row }, index): ProcessCardStep => {
    const effect = effects[index] ?? null;
    // Null rather than missing while tables of version 1 serve during the rebuild to version 2.
    const effectOutcome = effect_outcome ?? null;
    if (!effect) return { ...row, effect: null, effectOutcome };
    const card: CardEffect = { ...effect };
    if ('deviceId' in effect.args) {
      const deviceId = argumentValue(effect, 'deviceId');
      const device = deviceId === undefined ? undefined : devices.get(deviceId);
      card.device =
        deviceId === undefined
          ? null
          : { deviceId, assetTag: device?.asset_tag ?? null, model: device?.model ?? null };
    }
    if ('accessId' in effect.args) {
      const accessId = argumentValue(effect, 'accessId');
      card.access = accessId === undefined ? null : { accessId, system: systems.get(accessId) ?? null };
    }
    return { ...row, effect: card, effectOutcome };
  });
  return { process, steps, waitingForClient: waiting.map((row) => row.step_key) };
};

/**
 * The decisions waiting for the client across the tenant's running processes, longest waiting first.
 * `waitingSince` is when the last dependency was settled (the process start when there is none).
 */
export const decisionsWaiting = (db: Kysely<ProcessTables>, tenantId: string, limit = 200) =>
  waitingDecisions(db, tenantId)
    .select([
      's.process_id',
      's.step_key',
      's.title_pl',
      's.title_en',
      'p.scenario_kind',
      'p.title_pl as process_title_pl',
      'p.title_en as process_title_en',
      'p.person_id',
      sql<Date>`coalesce((select max(d.done_at) from process_steps d
        where d.tenant_id = s.tenant_id and d.process_id = s.process_id
          and d.step_key = any(s.depends_on)), p.started_at)`.as('waiting_since'),
    ])
    .orderBy('waiting_since')
    .orderBy('s.process_id')
    .orderBy('s.position')
    .limit(Math.min(Math.max(limit, 1), 1000))
    .execute();
