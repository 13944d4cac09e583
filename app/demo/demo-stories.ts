import { registerDevice } from '../../commands/device/device-command-handlers.js';
import { grantAccess, registerPerson } from '../../commands/person/person-command-handlers.js';
import {
  answerProcessDecision,
  completeProcessTask,
  skipProcessStep,
  startProcess,
  startProcessStep,
} from '../../commands/process/process-command-handlers.js';
import {
  assignTicket,
  closeTicket,
  commentOnTicket,
  logTicketWork,
  markTicketWaitingForClient,
  openTicket,
  reopenTicket,
  resolveTicket,
  resumeTicket,
  startTicketWork,
} from '../../commands/ticket/ticket-command-handlers.js';
import type { DeviceKind } from '../../domain/device/index.js';
import type { StepOutcome } from '../../domain/process/index.js';
import type { Actor } from '../../domain/shared/index.js';
import type { TicketCategory, TicketPriority } from '../../domain/ticket/index.js';
import { type DemoClock, demoId, type Story } from './demo-timeline.js';

/** A client company of the demo and who acts in it. */
export interface DemoTenant {
  tenantId: string;
  /** Short name that keeps the demo's ids of this tenant apart from the other's. */
  key: string;
  currency: string;
  manager: Actor;
  technician: Actor;
}

export const idOf = (tenant: DemoTenant, kind: string, key: string) => demoId(`${tenant.key}:${kind}:${key}`);
export const personIdOf = (tenant: DemoTenant, key: string) => idOf(tenant, 'person', key);
export const deviceIdOf = (tenant: DemoTenant, tag: string) => idOf(tenant, 'device', tag);
export const money = (tenant: DemoTenant, amount: number) => ({ amount, currency: tenant.currency });

export interface DemoPerson {
  key: string;
  name: string;
  email: string;
  department: string;
  costCentre: string;
  /** Work phone number and notes about the person (personal data: stored encrypted). */
  phone?: string;
  notes?: string;
}

/** The client's manager registers a person; `plannedStart` is their first working day. */
export const registerDemoPerson = (
  story: Story,
  tenant: DemoTenant,
  person: DemoPerson,
  plannedStart: string,
) =>
  story.run(tenant.manager, registerPerson, {
    personId: personIdOf(tenant, person.key),
    name: person.name,
    email: person.email,
    department: person.department,
    costCentre: person.costCentre,
    ...(person.phone === undefined ? {} : { phone: person.phone }),
    ...(person.notes === undefined ? {} : { notes: person.notes }),
    plannedStart,
  });

/** The IT team grants a licence or account; `name` keeps its id apart from the person's other accesses. */
export const grantDemoAccess = (
  story: Story,
  tenant: DemoTenant,
  personKey: string,
  system: string,
  monthlyCost: number,
  name = system,
) =>
  story.run(tenant.technician, grantAccess, {
    personId: personIdOf(tenant, personKey),
    accessId: accessIdOf(tenant, personKey, name),
    system,
    monthlyCost: money(tenant, monthlyCost),
  });

export const accessIdOf = (tenant: DemoTenant, personKey: string, name: string) =>
  idOf(tenant, 'access', `${personKey}:${name}`);

export interface DemoDevice {
  tag: string;
  kind: DeviceKind;
  model: string;
  vendor: string;
  supplier: string;
  /** Minor units of the tenant's currency. */
  cost: number;
  purchasedDaysAgo: number;
  warrantyMonths: number;
}

/** A company's device builder: positional, so an inventory reads as a table; `supplier` is its usual one. */
export const deviceBuilder =
  (usualSupplier: string) =>
  (
    tag: string,
    kind: DemoDevice['kind'],
    vendor: string,
    model: string,
    cost: number,
    purchasedDaysAgo: number,
    warrantyMonths = 36,
    supplier = usualSupplier,
  ): DemoDevice => ({ tag, kind, vendor, model, supplier, cost, purchasedDaysAgo, warrantyMonths });

/** The IT team registers a device bought `purchasedDaysAgo` days ago; its serial number follows its tag. */
export const registerDemoDevice = (story: Story, tenant: DemoTenant, clock: DemoClock, device: DemoDevice) =>
  story.run(tenant.technician, registerDevice, {
    deviceId: deviceIdOf(tenant, device.tag),
    assetTag: device.tag,
    serialNumber: `SN-${deviceIdOf(tenant, device.tag).slice(0, 8).toUpperCase()}`,
    kind: device.kind,
    model: device.model,
    vendor: device.vendor,
    supplier: device.supplier,
    purchaseDate: clock.date(device.purchasedDaysAgo),
    purchaseCost: money(tenant, device.cost),
    warrantyEnd: clock.date(device.purchasedDaysAgo - Math.round((device.warrantyMonths * 365) / 12)),
  });

export interface DemoTicket {
  key: string;
  requester: string;
  /** Asset tag of the device concerned. */
  device?: string;
  category: TicketCategory;
  priority: TicketPriority;
  title: string;
  description: string;
  /** Who opens it: the client's manager unless given (e.g. the employee themselves). */
  openedBy?: Actor;
}

/** A ticket's life, one call per command; IT actions are the technician's unless another actor is given. */
export const demoTicket = (story: Story, tenant: DemoTenant, ticket: DemoTicket) => {
  const ticketId = idOf(tenant, 'ticket', ticket.key);
  const tech = tenant.technician;
  let comments = 0;
  let workLogs = 0;
  story.run(ticket.openedBy ?? tenant.manager, openTicket, {
    ticketId,
    requesterId: personIdOf(tenant, ticket.requester),
    deviceId: ticket.device ? deviceIdOf(tenant, ticket.device) : null,
    category: ticket.category,
    priority: ticket.priority,
    title: ticket.title,
    description: ticket.description,
  });
  const comment = (by: Actor, visibility: 'public' | 'internal', body: string) => {
    comments += 1;
    story.run(by, commentOnTicket, {
      ticketId,
      commentId: idOf(tenant, 'comment', `${ticket.key}:${comments}`),
      visibility,
      body,
    });
  };
  const flow = {
    ticketId,
    after(minutes: number) {
      story.after(minutes);
      return flow;
    },
    at(time: number) {
      story.at(time);
      return flow;
    },
    assign(to: Actor = tech) {
      const assigneeRole = to.role === 'msp_admin' ? 'msp_admin' : 'technician';
      story.run(tech, assignTicket, { ticketId, assigneeId: to.id, assigneeRole });
      return flow;
    },
    start(by: Actor = tech) {
      story.run(by, startTicketWork, { ticketId });
      return flow;
    },
    /** A public comment: the IT team's answer, or the client's (which resumes a waiting ticket). */
    reply(body: string, by: Actor = tech) {
      comment(by, 'public', body);
      return flow;
    },
    /** An internal note of the IT team, never shown to the client. */
    note(body: string, by: Actor = tech) {
      comment(by, 'internal', body);
      return flow;
    },
    work(minutes: number, note: string, by: Actor = tech, billable = true) {
      workLogs += 1;
      story.run(by, logTicketWork, {
        ticketId,
        workLogId: idOf(tenant, 'work', `${ticket.key}:${workLogs}`),
        minutes,
        billable,
        note,
      });
      return flow;
    },
    waitFor(reason: string) {
      story.run(tech, markTicketWaitingForClient, { ticketId, reason });
      return flow;
    },
    resume() {
      story.run(tech, resumeTicket, { ticketId });
      return flow;
    },
    resolve(resolution: string) {
      story.run(tech, resolveTicket, { ticketId, resolution });
      return flow;
    },
    close(by: Actor = tenant.manager) {
      story.run(by, closeTicket, { ticketId });
      return flow;
    },
    reopen(reason: string, by: Actor = tenant.manager) {
      story.run(by, reopenTicket, { ticketId, reason });
      return flow;
    },
  };
  return flow;
};

/** A ticket with what its routine life needs: the IT team's answer, the work time and the resolution. */
export type RoutineTicket = DemoTicket & { reply: string; minutes: number; resolution: string };

/** A routine ticket, answered, worked on, resolved the same day and closed the next by whoever opened it. */
export const routineTicket = (story: Story, tenant: DemoTenant, ticket: RoutineTicket) =>
  demoTicket(story, tenant, ticket)
    .after(25)
    .assign()
    .start()
    .reply(ticket.reply)
    .after(ticket.minutes)
    .work(ticket.minutes, ticket.resolution)
    .resolve(ticket.resolution)
    .after(22 * 60)
    .close(ticket.openedBy ?? tenant.manager);

/** A process's life: the client starts it and answers decisions, the IT team does the tasks. */
export const demoProcess = (
  story: Story,
  tenant: DemoTenant,
  key: string,
  scenarioId: string,
  parameters: Record<string, string>,
  startedBy: Actor = tenant.manager,
) => {
  const processId = idOf(tenant, 'process', key);
  story.run(startedBy, startProcess, { processId, scenarioId, parameters });
  const flow = {
    processId,
    after(minutes: number) {
      story.after(minutes);
      return flow;
    },
    at(time: number) {
      story.at(time);
      return flow;
    },
    begin(stepKey: string) {
      story.run(tenant.technician, startProcessStep, { processId, stepKey });
      return flow;
    },
    task(stepKey: string, note?: string, outcome?: StepOutcome) {
      story.run(tenant.technician, completeProcessTask, {
        processId,
        stepKey,
        ...(note === undefined ? {} : { note }),
        ...(outcome === undefined ? {} : { outcome }),
      });
      return flow;
    },
    decide(stepKey: string, answer: 'approve' | 'reject', comment?: string) {
      story.run(tenant.manager, answerProcessDecision, {
        processId,
        stepKey,
        answer,
        ...(comment === undefined ? {} : { comment }),
      });
      return flow;
    },
    skip(stepKey: string, reason: string, by: Actor = tenant.manager) {
      story.run(by, skipProcessStep, { processId, stepKey, reason });
      return flow;
    },
    /** Any other command, in the process's time line (e.g. the device sent to service). */
    also(send: (story: Story) => void) {
      send(story);
      return flow;
    },
  };
  return flow;
};

/** The outcome of a task whose effect grants an access: what the licence costs a month. */
export const licenceOutcome = (tenant: DemoTenant, amount: number): StepOutcome => ({
  monthlyCostAmount: amount,
  monthlyCostCurrency: tenant.currency,
});
