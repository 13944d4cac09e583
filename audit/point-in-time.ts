import { type DeviceEvent, type DeviceState, deviceDecider } from '../domain/device/index.js';
import { type PersonEvent, type PersonState, personDecider } from '../domain/person/index.js';
import {
  type ProcessEvent,
  type ProcessState,
  processDecider,
  processProgress,
  type StepState,
} from '../domain/process/index.js';
import { assertNever, type Decider, type DomainEvent } from '../domain/shared/index.js';
import { type TicketEvent, type TicketState, ticketDecider } from '../domain/ticket/index.js';
import type { EventStore } from '../event-store/index.js';

/** The aggregates an auditor can look at as of a date. */
export const pointInTimeKinds = ['device', 'person', 'ticket', 'process'] as const;
export type PointInTimeKind = (typeof pointInTimeKinds)[number];

export interface PointInTimeQuery {
  tenantId: string;
  kind: PointInTimeKind;
  id: string;
  /** Events recorded at or before this instant count; later ones do not. */
  asOf: Date;
}

/** One aggregate as it stood at `asOf`, folded from its events, with where in the log that state ends. */
export interface PointInTimeState {
  kind: PointInTimeKind;
  id: string;
  /** ISO date-time asked for. */
  asOf: string;
  /** The aggregate's state, as plain JSON (see the views below). */
  state: Record<string, unknown>;
  /** Events of the stream recorded at or before `asOf`. */
  eventCount: number;
  /** When the last of them was recorded (ISO date-time). */
  lastEventAt: string;
  /** Its checkpoint: the state holds exactly the stream's events up to this place in the log. */
  lastCheckpoint: string;
}

const isoDateOrTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An "as of" instant as auditors write it: an ISO date (its start, 00:00 UTC) or a date-time with its
 * offset. Undefined for anything else, including days that do not exist (JavaScript would roll
 * 2026-02-30 over into March).
 */
export const parseAsOf = (text: string): Date | undefined => {
  if (!isoDateOrTime.test(text)) return undefined;
  const day = text.slice(0, 10);
  const start = new Date(day);
  const at = new Date(text);
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== day) return undefined;
  return Number.isNaN(at.getTime()) ? undefined : at;
};

/**
 * Stream names as the command side writes them (`<category>-<id>`, DESIGN.md, Events; commands/streams.ts).
 * Repeated here because audit/ may not import commands/.
 */
const streamOf = (kind: PointInTimeKind, id: string) => `${kind}-${id}`;

const deviceView = (state: Exclude<DeviceState, { status: 'unregistered' }>) => {
  const { device } = state;
  return {
    status: state.status,
    assetTag: device.assetTag,
    serialNumber: device.serialNumber,
    kind: device.kind,
    model: device.model,
    vendor: device.vendor,
    purchaseDate: device.purchaseDate,
    purchaseCost: device.purchaseCost,
    warrantyEnd: device.warrantyEnd,
    supplier: device.supplier,
    holderId: state.status === 'assigned' || state.status === 'in_service' ? state.holderId : null,
    retirementReason: state.status === 'retired' ? state.reason : null,
    loss: state.status === 'lost' ? state.loss : null,
  };
};

const personView = (state: Exclude<PersonState, { status: 'unregistered' }>) => ({
  status: state.status,
  name: state.person.name,
  email: state.person.email,
  department: state.person.department,
  costCentre: state.person.costCentre,
  phone: state.person.phone ?? null,
  notes: state.person.notes ?? null,
  plannedStart: state.person.plannedStart,
  offboardingProcessId: state.status === 'leaving' ? state.processId : null,
  // Erased personal data reads as placeholders at every date, also before the erasure: the key is gone.
  erasedAt: state.status === 'departed' ? state.erasedAt : null,
  accesses: state.accesses.map(({ accessId, system, monthlyCost, grantedAt, revokedAt }) => ({
    accessId,
    system,
    monthlyCost,
    grantedAt,
    revokedAt,
  })),
});

const ticketView = (state: Exclude<TicketState, { status: 'unopened' }>) => ({
  status: state.status,
  requesterId: state.ticket.requesterId,
  deviceId: state.ticket.deviceId,
  category: state.ticket.category,
  priority: state.ticket.priority,
  title: state.ticket.title,
  description: state.ticket.description,
  sla: state.ticket.sla,
  assigneeId: state.assigneeId,
  firstRespondedAt: state.firstRespondedAt,
  pausedAt: state.status === 'waiting_for_client' ? state.pausedAt : null,
  resolvedAt: state.status === 'resolved' ? state.resolvedAt : null,
  closedAt: state.status === 'closed' ? state.closedAt : null,
});

const stepView = (step: StepState) => {
  const base = { key: step.step.key, kind: step.step.kind, title: step.step.title, status: step.status };
  switch (step.status) {
    case 'pending':
      return base;
    case 'in_progress':
      return { ...base, by: step.startedBy, at: step.startedAt };
    case 'done':
      return {
        ...base,
        by: step.doneBy,
        at: step.doneAt,
        result:
          step.result.kind === 'decision'
            ? { answer: step.result.answer, comment: step.result.comment }
            : {
                note: step.result.note,
                outcome: step.result.outcome,
                effect: step.result.effect && {
                  ...step.result.effect.effect,
                  progress: step.result.effect.progress,
                },
              },
      };
    case 'skipped':
      return {
        ...base,
        by: step.skippedBy,
        at: step.skippedAt,
        reason: step.reason,
        byDecision: step.byDecision,
      };
    default:
      return assertNever(step);
  }
};

const processView = (state: Exclude<ProcessState, { status: 'not_started' }>) => {
  const { done, total, waitingForClient } = processProgress(state);
  return {
    status: state.status,
    scenarioId: state.process.scenarioId,
    scenarioVersion: state.process.scenarioVersion,
    scenarioKind: state.process.scenarioKind,
    title: state.process.title,
    parameters: state.process.parameters,
    startedBy: state.process.startedBy,
    startedAt: state.startedAt,
    progress: { done, total, waitingForClient },
    steps: state.steps.map(stepView),
    ended:
      state.status === 'completed'
        ? { at: state.completedAt }
        : state.status === 'rejected'
          ? { at: state.rejectedAt, stepKey: state.stepKey, comment: state.comment }
          : state.status === 'cancelled'
            ? { at: state.cancelledAt, by: state.cancelledBy, reason: state.reason }
            : null,
  };
};

/** How to fold one kind and show its state; `view` answers undefined while the aggregate does not exist. */
interface Kind<State, Event extends DomainEvent> {
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>;
  view(state: State): Record<string, unknown> | undefined;
}

const kinds: { [K in PointInTimeKind]: Kind<unknown, DomainEvent> } = {
  device: {
    decider: deviceDecider,
    view: (state: DeviceState) => (state.status === 'unregistered' ? undefined : deviceView(state)),
  } satisfies Kind<DeviceState, DeviceEvent> as Kind<unknown, DomainEvent>,
  person: {
    decider: personDecider,
    view: (state: PersonState) => (state.status === 'unregistered' ? undefined : personView(state)),
  } satisfies Kind<PersonState, PersonEvent> as Kind<unknown, DomainEvent>,
  ticket: {
    decider: ticketDecider,
    view: (state: TicketState) => (state.status === 'unopened' ? undefined : ticketView(state)),
  } satisfies Kind<TicketState, TicketEvent> as Kind<unknown, DomainEvent>,
  process: {
    decider: processDecider,
    view: (state: ProcessState) => (state.status === 'not_started' ? undefined : processView(state)),
  } satisfies Kind<ProcessState, ProcessEvent> as Kind<unknown, DomainEvent>,
};

/**
 * The state of one device, person, ticket or process as it stood at `asOf`, computed from its events
 * (never from a read model). The fold takes the stream's events in revision order and stops at the first
 * one recorded after `asOf`: a state is always that of a prefix of the stream, as it was once current.
 * Undefined when the aggregate did not exist yet at that time, or when it is another tenant's (which must
 * read as "not found", never as "forbidden").
 */
export const stateAsOf = async (
  store: EventStore,
  query: PointInTimeQuery,
): Promise<PointInTimeState | undefined> => {
  const { decider, view } = kinds[query.kind];
  let state = decider.initialState;
  let eventCount = 0;
  let last: { recordedAt: Date; checkpoint: string } | undefined;
  for await (const event of store.readStream(streamOf(query.kind, query.id))) {
    if (event.metadata.tenantId !== query.tenantId) return undefined;
    if (event.recordedAt.getTime() > query.asOf.getTime()) break;
    state = decider.evolve(state, { type: event.type, data: event.data });
    eventCount += 1;
    last = event;
  }
  const shown = view(state);
  if (!last || !shown) return undefined;
  return {
    kind: query.kind,
    id: query.id,
    asOf: query.asOf.toISOString(),
    state: shown,
    eventCount,
    lastEventAt: last.recordedAt.toISOString(),
    lastCheckpoint: last.checkpoint,
  };
};
