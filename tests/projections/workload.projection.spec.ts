import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerOrganization } from '../../commands/organization/organization-command-handlers.js';
import { registerPerson } from '../../commands/person/person-command-handlers.js';
import {
  cancelProcess,
  completeProcessTask,
  startProcess,
  startProcessStep,
} from '../../commands/process/process-command-handlers.js';
import {
  assignTicket,
  closeTicket,
  logTicketWork,
  markTicketWaitingForClient,
  openTicket,
  reopenTicket,
  resolveTicket,
  resumeTicket,
  startTicketWork,
} from '../../commands/ticket/ticket-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import type { ProjectionRunner } from '../../projections/projection-runner.js';
import { rebuildProjection } from '../../projections/rebuild.js';
import { isoWeek, workloadProjection } from '../../projections/workload/workload.projection.js';
import { technicianWorkload } from '../../projections/workload/workload.queries.js';
import type { WorkloadTables } from '../../projections/workload/workload.tables.js';
import { organizationPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const opening = Date.parse('2026-03-02T10:00:00.000Z');
/** The instant `minutes` after the first ticket was opened. */
const iso = (minutes: number) => new Date(opening + minutes * 60_000).toISOString();
const marchWeeks = { fromWeek: '2026-W10', toWeek: '2026-W10' };

describe('Workload projection: open work, minutes per ISO week and SLA met, per technician', () => {
  let store: EventStore;
  let db: Kysely<WorkloadTables>;
  let runner: ProjectionRunner;
  let tenantId: string;
  let requesterId: string;

  /** A command by `actorId` (a technician unless said otherwise) at `now`, minutes or an ISO instant. */
  const by = (
    actorId: string,
    now: number | string,
    { role = 'technician' as Role, tenant = tenantId } = {},
  ): CommandEnvelope => ({
    commandId: randomUUID(),
    tenantId: tenant,
    actor: { id: actorId, role },
    now: typeof now === 'number' ? iso(now) : now,
  });
  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };
  /** Registers a tenant's organization and one person of it; answers the person's id. */
  const setUpTenant = async (tenant: string) => {
    const admin = by('admin-1', 0, { role: 'msp_admin', tenant });
    await run(registerOrganization, organizationPayload(tenant), admin);
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name: 'Anna Nowak',
        email: `anna.${randomUUID().slice(0, 8)}@acme.pl`,
        department: 'Finance',
        costCentre: 'CC-100',
        plannedStart: '2026-03-01',
      },
      by('manager-1', 0, { role: 'client_manager', tenant }),
    );
    return personId;
  };
  /** Opens a ticket at `now` and answers its id. */
  const open = async (now: number | string, priority = 'P2', tenant = tenantId, requester = requesterId) => {
    const ticketId = randomUUID();
    await run(
      openTicket,
      { ticketId, requesterId: requester, category: 'incident', priority, title: 'No boot', description: '' },
      by('manager-1', now, { role: 'client_manager', tenant }),
    );
    return ticketId;
  };
  const assign = (ticketId: string, assigneeId: string, now: number | string = 1, tenant = tenantId) =>
    run(assignTicket, { ticketId, assigneeId, assigneeRole: 'technician' }, by('lead-1', now, { tenant }));
  const logWork = (ticketId: string, technicianId: string, now: string, minutes: number, billable: boolean) =>
    run(
      logTicketWork,
      { ticketId, workLogId: randomUUID(), minutes, billable, note: '' },
      by(technicianId, now),
    );
  const purchase = async () => {
    const processId = randomUUID();
    await run(
      startProcess,
      {
        processId,
        scenarioId: 'purchase-request',
        parameters: { deviceKind: 'laptop', justification: 'Hire' },
      },
      by('manager-1', 0, { role: 'client_manager' }),
    );
    return processId;
  };
  const workloadOf = async (technicianId: string, weeks = marchWeeks, tenant = tenantId) =>
    (await technicianWorkload(db, tenant, weeks)).find((row) => row.technicianId === technicianId);

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<WorkloadTables>([workloadProjection]));
    tenantId = randomUUID();
    requesterId = await setUpTenant(tenantId);
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('names ISO weeks by UTC, the days around New Year belonging to the week of their Thursday', () => {
    expect(isoWeek('2025-12-28T12:00:00.000Z')).to.equal('2025-W52');
    expect(isoWeek('2025-12-31T10:00:00.000Z')).to.equal('2026-W01');
    expect(isoWeek('2026-01-04T23:30:00.000+00:00')).to.equal('2026-W01');
    expect(isoWeek('2026-01-05T00:30:00.000+01:00')).to.equal('2026-W01');
    expect(isoWeek('2026-01-05T08:00:00.000Z')).to.equal('2026-W02');
    expect(isoWeek('2021-01-03T08:00:00.000Z')).to.equal('2020-W53');
  });

  it('counts the tickets a technician holds open and the process tasks they started and have not finished', async () => {
    const [first, second, resolved, handedOver] = [
      await open(0),
      await open(0),
      await open(0),
      await open(0),
    ];
    for (const ticketId of [first, second, resolved, handedOver]) await assign(ticketId, 'tech-1');
    await assign(handedOver, 'tech-2', 2);
    await run(startTicketWork, { ticketId: resolved }, by('tech-1', 5));
    await run(resolveTicket, { ticketId: resolved, resolution: 'Fixed' }, by('tech-1', 30));

    const running = await purchase();
    await run(startProcessStep, { processId: running, stepKey: 'quote' }, by('tech-1', 10));
    const finished = await purchase();
    await run(startProcessStep, { processId: finished, stepKey: 'quote' }, by('tech-1', 10));
    await run(
      completeProcessTask,
      { processId: finished, stepKey: 'quote', note: 'Offers' },
      by('tech-1', 20),
    );
    const cancelled = await purchase();
    await run(startProcessStep, { processId: cancelled, stepKey: 'quote' }, by('tech-1', 10));
    await settled(
      await run(
        cancelProcess,
        { processId: cancelled, reason: 'No budget' },
        by('manager-1', 40, { role: 'client_manager' }),
      ),
    );

    expect(await workloadOf('tech-1')).to.include({ openTickets: 2, openTasks: 1, resolved: 1 });
    expect(await workloadOf('tech-2')).to.include({ openTickets: 1, openTasks: 0, resolved: 0 });
    expect((await workloadOf('tech-2'))?.slaMetShare).to.equal(null);

    // Reopened, the ticket is open work again and no longer a resolution.
    await settled(
      await run(
        reopenTicket,
        { ticketId: resolved, reason: 'Again' },
        by('manager-1', 60, { role: 'client_manager' }),
      ),
    );
    expect(await workloadOf('tech-1')).to.include({ openTickets: 3, resolved: 0, slaMetShare: null });
  });

  it('sums minutes per ISO week across the year boundary, total and billable, within the weeks asked', async () => {
    const ticketId = await open('2025-12-20T09:00:00.000Z', 'P4');
    await logWork(ticketId, 'tech-1', '2025-12-28T12:00:00.000Z', 20, true);
    await logWork(ticketId, 'tech-1', '2025-12-31T10:00:00.000Z', 30, true);
    await logWork(ticketId, 'tech-1', '2025-12-31T14:00:00.000Z', 15, false);
    await logWork(ticketId, 'tech-1', '2026-01-04T23:30:00.000Z', 10, false);
    await logWork(ticketId, 'tech-1', '2026-01-05T08:00:00.000Z', 45, true);
    await settled(await logWork(ticketId, 'tech-2', '2026-01-05T09:00:00.000Z', 60, false));

    const boundary = { fromWeek: '2026-W01', toWeek: '2026-W02' };
    expect((await workloadOf('tech-1', boundary))?.minutesByWeek).to.deep.equal([
      { week: '2026-W01', minutes: 55, billableMinutes: 30 },
      { week: '2026-W02', minutes: 45, billableMinutes: 45 },
    ]);
    expect((await workloadOf('tech-2', boundary))?.minutesByWeek).to.deep.equal([
      { week: '2026-W02', minutes: 60, billableMinutes: 0 },
    ]);
    const december = { fromWeek: '2025-W52', toWeek: '2025-W52' };
    expect((await workloadOf('tech-1', december))?.minutesByWeek).to.deep.equal([
      { week: '2025-W52', minutes: 20, billableMinutes: 20 },
    ]);
    expect(await workloadOf('tech-2', december)).to.equal(undefined);
  });

  it('shares tickets resolved by the due time, on the dot included and finished pauses added, among all resolved', async () => {
    const [onTheDot, late, paused] = [await open(0, 'P1'), await open(0, 'P1'), await open(0, 'P1')];
    for (const ticketId of [onTheDot, late, paused])
      await run(startTicketWork, { ticketId }, by('tech-1', 5));
    await run(resolveTicket, { ticketId: onTheDot, resolution: 'PSU' }, by('tech-1', 240));
    await run(resolveTicket, { ticketId: late, resolution: 'Disk' }, by('tech-1', 241));
    // Waiting 120 minutes for the client moves the due time from 240 to 360.
    await run(markTicketWaitingForClient, { ticketId: paused, reason: 'Which one?' }, by('tech-2', 10));
    await run(resumeTicket, { ticketId: paused }, by('tech-2', 130));
    await run(resolveTicket, { ticketId: paused, resolution: 'Cable' }, by('tech-2', 300));
    await settled(
      await run(closeTicket, { ticketId: paused }, by('manager-1', 400, { role: 'client_manager' })),
    );

    expect(await workloadOf('tech-1')).to.include({ resolved: 2, resolvedWithinSla: 1, slaMetShare: 0.5 });
    expect(await workloadOf('tech-2')).to.include({ resolved: 1, resolvedWithinSla: 1, slaMetShare: 1 });
  });

  it("shows a technician serving two tenants only the asking tenant's work", async () => {
    const ours = await open(0);
    await assign(ours, 'tech-1');
    await logWork(ours, 'tech-1', iso(10), 30, true);
    const otherTenant = randomUUID();
    const otherRequester = await setUpTenant(otherTenant);
    const theirs = await open(0, 'P2', otherTenant, otherRequester);
    const theirSecond = await open(0, 'P2', otherTenant, otherRequester);
    await assign(theirs, 'tech-1', 1, otherTenant);
    await assign(theirSecond, 'tech-1', 1, otherTenant);
    await run(
      logTicketWork,
      { ticketId: theirs, workLogId: randomUUID(), minutes: 90, billable: false, note: '' },
      by('tech-1', 20, { tenant: otherTenant }),
    );
    await settled(await assign(theirSecond, 'tech-3', 30, otherTenant));

    expect(await technicianWorkload(db, tenantId, marchWeeks)).to.deep.equal([
      {
        technicianId: 'tech-1',
        openTickets: 1,
        openTasks: 0,
        minutesByWeek: [{ week: '2026-W10', minutes: 30, billableMinutes: 30 }],
        resolved: 0,
        resolvedWithinSla: 0,
        slaMetShare: null,
      },
    ]);
    const theirRows = await technicianWorkload(db, otherTenant, marchWeeks);
    expect(theirRows.map((row) => [row.technicianId, row.openTickets, row.minutesByWeek])).to.deep.equal([
      ['tech-1', 1, [{ week: '2026-W10', minutes: 90, billableMinutes: 0 }]],
      ['tech-3', 1, []],
    ]);
  });

  it('gives the same workload after a rebuild from the log into fresh tables', async () => {
    const ticketId = await open(0, 'P1');
    await assign(ticketId, 'tech-1');
    await run(startTicketWork, { ticketId }, by('tech-1', 5));
    await run(markTicketWaitingForClient, { ticketId, reason: 'Which one?' }, by('tech-1', 10));
    await run(resumeTicket, { ticketId }, by('tech-1', 100));
    await logWork(ticketId, 'tech-1', iso(120), 25, true);
    await run(resolveTicket, { ticketId, resolution: 'Cable' }, by('tech-1', 300));
    await run(startProcessStep, { processId: await purchase(), stepKey: 'quote' }, by('tech-2', 10));
    await settled(await assign(await open(0), 'tech-2'));
    const before = await technicianWorkload(db, tenantId, marchWeeks);
    expect(
      before.map((row) => [row.technicianId, row.openTickets, row.openTasks, row.slaMetShare]),
    ).to.deep.equal([
      ['tech-1', 0, 0, 1],
      ['tech-2', 1, 1, null],
    ]);

    await rebuildProjection({ db, store, projection: workloadProjection, batchSize: 3 });
    expect(await technicianWorkload(db, tenantId, marchWeeks)).to.deep.equal(before);
  });

  it('refuses a week range that is not in ISO week form', async () => {
    let error: unknown;
    try {
      await technicianWorkload(db, tenantId, { fromWeek: '2026-01', toWeek: '2026-W02' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(RangeError);
  });
});
