import { eventIdFor } from '../../commands/event-id.js';
import { deviceDecider } from '../../domain/device/index.js';
import { organizationDecider } from '../../domain/organization/index.js';
import { personDecider } from '../../domain/person/index.js';
import {
  findScenario,
  type ProcessState,
  processDecider,
  scenarioCatalogue,
} from '../../domain/process/index.js';
import type { Actor, Decider, DomainEvent } from '../../domain/shared/index.js';
import { ticketDecider } from '../../domain/ticket/index.js';
import type { EventStore } from '../../event-store/index.js';

/** Deterministic pseudo-random numbers (mulberry32). */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const sla = (first: number, resolution: number) => ({
  firstResponseMinutes: first,
  resolutionMinutes: resolution,
});
const slaPolicy = { P1: sla(15, 240), P2: sla(60, 480), P3: sla(240, 1440), P4: sla(480, 4320) };
const kinds = [
  { kind: 'laptop', model: 'ThinkPad T14', vendor: 'Lenovo', price: 549900, years: 3 },
  { kind: 'phone', model: 'iPhone 15', vendor: 'Apple', price: 399900, years: 2 },
  { kind: 'monitor', model: 'P2723DE', vendor: 'Dell', price: 149900, years: 3 },
] as const;
const systems = ['e-mail', 'VPN', 'ERP', 'CRM', 'Office 365'] as const;
const offboarding = findScenario(scenarioCatalogue, 'offboarding');

/**
 * One tenant's history: people join and leave (through an offboarding process), devices are bought, handed
 * out, moved, serviced and retired, accesses are granted and revoked, tickets run their course. Every event
 * comes from the real deciders, so it obeys every rule and schema; the same seed gives the same history.
 */
export const writeTenantHistory = async (
  store: EventStore,
  options: { tenantIndex: number; seed: number; events: number; onEvents?: (count: number) => void },
): Promise<{ events: number }> => {
  const random = seededRandom(options.seed * 7919 + options.tenantIndex);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  const tenantId = uuid();
  const currency = options.tenantIndex % 2 === 0 ? 'PLN' : 'EUR';
  let clock = Date.UTC(2025, 0, 6, 8) + options.tenantIndex * 60_000;
  const now = () => new Date(clock).toISOString();
  const today = () => now().slice(0, 10);
  const advance = (maxMinutes: number) => {
    clock += (1 + Math.floor(random() * maxMinutes)) * 60_000;
  };
  const manager: Actor = { id: `manager-${options.tenantIndex}`, role: 'client_manager' };
  const admin: Actor = { id: 'admin-1', role: 'msp_admin' };
  const technician = (): Actor => ({ id: `tech-${1 + Math.floor(random() * 5)}`, role: 'technician' });

  const streams = new Map<string, { state: unknown; revision: bigint | undefined }>();
  let written = 0;
  /** Decides like the command path does, and appends with the expected revision. */
  const act = async <Command, State, Event extends DomainEvent>(
    decider: Decider<Command, State, Event>,
    stream: string,
    command: { type: string; data: object },
    actor: Actor,
  ): Promise<State> => {
    const current = streams.get(stream) ?? { state: decider.initialState, revision: undefined };
    const events = decider.decide(
      { ...command, meta: { tenantId, actor, now: now() } } as Command,
      current.state as State,
    );
    const commandId = uuid();
    if (events.length > 0) {
      await store.appendToStream(
        stream,
        events.map((event, index) => ({
          id: eventIdFor(commandId, index),
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: { tenantId, actor, commandId, correlationId: commandId, causationId: commandId },
        })),
        { expectedRevision: current.revision ?? 'no_stream' },
      );
      written += events.length;
      options.onEvents?.(events.length);
    }
    const state = events.reduce(decider.evolve, current.state as State);
    streams.set(stream, { state, revision: (current.revision ?? -1n) + BigInt(events.length) });
    return state;
  };

  const people: Array<{ id: string; status: 'active' | 'departed'; accesses: Map<string, string> }> = [];
  const devices: Array<{ id: string; status: string; holder: string | null }> = [];
  const active = () => people.filter((p) => p.status === 'active');

  await act(
    organizationDecider,
    `organization-${tenantId}`,
    {
      type: 'RegisterOrganization',
      data: {
        organizationId: tenantId,
        name: `Client ${options.tenantIndex}`,
        defaultCurrency: currency,
        timeZone: 'Europe/Warsaw',
        slaPolicy,
        labourRate: { amount: currency === 'PLN' ? 18000 : 4500, currency },
        replacementAgeMonths: { laptop: 36, phone: 24, monitor: 60 },
      },
    },
    admin,
  );

  const hire = async () => {
    const personId = uuid();
    const n = people.length;
    await act(
      personDecider,
      `person-${personId}`,
      {
        type: 'RegisterPerson',
        data: {
          personId,
          name: `Osoba ${n}`,
          email: `osoba.${n}@client${options.tenantIndex}.pl`,
          department: pick(['Sales', 'Finance', 'Ops', 'IT']) as string,
          costCentre: `CC-${100 + (n % 7)}`,
          plannedStart: today(),
        },
      },
      manager,
    );
    await act(personDecider, `person-${personId}`, { type: 'StartPerson', data: { personId } }, manager);
    people.push({ id: personId, status: 'active', accesses: new Map() });
  };

  const device = (status: string) => pick(devices.filter((d) => d.status === status));
  const onDevice = (deviceId: string, type: string, data: object, actor = technician()) =>
    act(deviceDecider, `device-${deviceId}`, { type, data: { deviceId, ...data } }, actor);

  const runTicket = async () => {
    const requester = pick(active());
    if (!requester) return;
    const ticketId = uuid();
    const priority = pick(['P1', 'P2', 'P3', 'P3', 'P4']) as keyof typeof slaPolicy;
    const tech = technician();
    const on = (type: string, data: object, actor: Actor) =>
      act(ticketDecider, `ticket-${ticketId}`, { type, data: { ticketId, ...data } }, actor);
    const held = devices.find((d) => d.holder === requester.id);
    await on(
      'OpenTicket',
      {
        requesterId: requester.id,
        requesterStatus: 'active',
        deviceId: held?.id ?? null,
        category: pick(['incident', 'request', 'question']),
        priority,
        title: 'Problem z komputerem',
        description: '',
        sla: slaPolicy[priority],
      },
      manager,
    );
    advance(30);
    await on('AssignTicket', { assigneeId: tech.id, assigneeRole: 'technician' }, tech);
    await on('StartTicketWork', {}, tech);
    await on('CommentOnTicket', { commentId: uuid(), visibility: 'public', body: 'Sprawdzamy.' }, tech);
    if (random() < 0.3) {
      advance(60);
      await on('MarkTicketWaitingForClient', { reason: 'Czekamy na odpowiedź' }, tech);
      advance(240);
      await on('ResumeTicket', {}, tech);
    }
    if (random() < 0.15) return; // stays open
    advance(180);
    await on(
      'LogTicketWork',
      { workLogId: uuid(), minutes: 15 + Math.floor(random() * 105), billable: random() < 0.8, note: '' },
      tech,
    );
    await on('ResolveTicket', { resolution: 'Naprawione' }, tech);
    if (random() < 0.8) await on('CloseTicket', {}, manager);
  };

  const offboard = async (person: (typeof people)[number]) => {
    if (!offboarding) return;
    const processId = uuid();
    const held = devices.filter((d) => d.holder === person.id && d.status === 'assigned');
    const started = (await act(
      processDecider,
      `process-${processId}`,
      {
        type: 'StartProcess',
        data: {
          processId,
          scenario: offboarding,
          parameters: { personId: person.id, lastDay: today() },
          heldDeviceIds: held.map((d) => d.id),
          accesses: [...person.accesses].map(([accessId, system]) => ({ accessId, system })),
        },
      },
      manager,
    )) as ProcessState;
    await act(
      personDecider,
      `person-${person.id}`,
      { type: 'StartOffboarding', data: { personId: person.id, processId } },
      admin,
    );
    const steps = started.status === 'not_started' ? [] : started.steps.map((s) => s.step);
    for (const step of steps) {
      advance(60);
      const tech = technician();
      const completed = (await act(
        processDecider,
        `process-${processId}`,
        {
          type: 'CompleteProcessTask',
          data: {
            processId,
            stepKey: step.key,
            outcome: step.key.startsWith('collect-device') ? { condition: 'good' } : {},
          },
        },
        tech,
      )) as ProcessState;
      const done =
        completed.status === 'not_started' ? undefined : completed.steps.find((s) => s.step.key === step.key);
      const effect =
        done?.status === 'done' && done.result.kind === 'task' ? done.result.effect?.effect : undefined;
      if (!effect) continue;
      if (effect.type === 'return_device') {
        await onDevice(effect.args.deviceId, 'ReturnDevice', { condition: 'good', note: '' }, tech);
        const returned = devices.find((d) => d.id === effect.args.deviceId);
        if (returned) Object.assign(returned, { status: 'in_stock', holder: null });
      } else if (effect.type === 'revoke_access') {
        await act(
          personDecider,
          `person-${person.id}`,
          { type: 'RevokeAccess', data: { personId: person.id, accessId: effect.args.accessId } },
          tech,
        );
        person.accesses.delete(effect.args.accessId);
      } else if (effect.type === 'depart_person') {
        await act(
          personDecider,
          `person-${person.id}`,
          { type: 'DepartPerson', data: { personId: person.id, heldDeviceIds: [], processId } },
          tech,
        );
        person.status = 'departed';
      }
      await act(
        processDecider,
        `process-${processId}`,
        {
          type: 'RecordStepEffectOutcome',
          data: { processId, stepKey: step.key, result: { status: 'applied' } },
        },
        admin,
      );
    }
  };

  while (written < options.events) {
    advance(120);
    const roll = random();
    if (active().length < 3 || roll < 0.06) await hire();
    else if (roll < 0.14) {
      const spec = pick(kinds) ?? kinds[0];
      const deviceId = uuid();
      const bought = today();
      await onDevice(deviceId, 'RegisterDevice', {
        assetTag: `${spec.kind.slice(0, 3).toUpperCase()}-${options.tenantIndex}-${devices.length}`,
        serialNumber: `SN-${deviceId.slice(0, 13)}`,
        kind: spec.kind,
        model: spec.model,
        vendor: spec.vendor,
        purchaseDate: bought,
        purchaseCost: { amount: spec.price, currency },
        warrantyEnd: `${Number(bought.slice(0, 4)) + spec.years}${bought.slice(4)}`,
        supplier: pick(['Komputronik', 'x-kom', 'Dell Direct']),
      });
      devices.push({ id: deviceId, status: 'in_stock', holder: null });
    } else if (roll < 0.24) {
      const d = device('in_stock');
      const p = pick(active());
      if (d && p) {
        await onDevice(d.id, 'AssignDevice', { personId: p.id, holderStatus: 'active' });
        Object.assign(d, { status: 'assigned', holder: p.id });
      }
    } else if (roll < 0.27) {
      const d = device('assigned');
      const to = pick(active().filter((p) => p.id !== d?.holder));
      if (d && to) {
        await onDevice(d.id, 'TransferDevice', { toPersonId: to.id, holderStatus: 'active' });
        d.holder = to.id;
      }
    } else if (roll < 0.31) {
      const d = device('assigned');
      if (d) {
        await onDevice(d.id, 'ReturnDevice', { condition: pick(['good', 'worn', 'damaged']), note: '' });
        Object.assign(d, { status: 'in_stock', holder: null });
      }
    } else if (roll < 0.35) {
      const d = pick(devices.filter((x) => x.status === 'in_stock' || x.status === 'assigned'));
      if (d) {
        await onDevice(d.id, 'SendDeviceToService', { reason: 'Awaria', serviceProvider: 'Serwis' });
        d.status = 'in_service';
      }
    } else if (roll < 0.39) {
      const d = device('in_service');
      if (d) {
        const cost = { amount: 5000 + Math.floor(random() * 40000), currency };
        if (random() < 0.1) {
          await onDevice(d.id, 'DeclareDeviceUnrepairable', { cost, note: '' });
          Object.assign(d, { status: 'retired', holder: null });
        } else {
          await onDevice(d.id, 'CompleteDeviceRepair', { cost, note: '' });
          d.status = d.holder ? 'assigned' : 'in_stock';
        }
      }
    } else if (roll < 0.41) {
      const d = device('in_stock');
      if (d) {
        await onDevice(d.id, 'RetireDevice', {
          reason: pick(['end_of_life', 'sold', 'recycled']),
          residualValue: { amount: 0, currency },
          note: '',
        });
        d.status = 'retired';
      }
    } else if (roll < 0.49) {
      const p = pick(active());
      const system = pick(systems.filter((s) => ![...(p?.accesses.values() ?? [])].includes(s)));
      if (p && system) {
        const accessId = uuid();
        await act(
          personDecider,
          `person-${p.id}`,
          {
            type: 'GrantAccess',
            data: {
              personId: p.id,
              accessId,
              system,
              monthlyCost: { amount: 2000 + Math.floor(random() * 8000), currency },
            },
          },
          technician(),
        );
        p.accesses.set(accessId, system);
      }
    } else if (roll < 0.9) await runTicket();
    else if (active().length > 5) {
      const leaving = pick(active());
      if (leaving && !devices.some((d) => d.holder === leaving.id && d.status === 'in_service'))
        await offboard(leaving);
    }
  }
  return { events: written };
};
