import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerOrganization } from '../../commands/organization/organization-command-handlers.js';
import { registerPerson } from '../../commands/person/person-command-handlers.js';
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
import { ticketProjection } from '../../projections/ticket/ticket.projection.js';
import { listTickets, openTicketCounts, ticketCard } from '../../projections/ticket/ticket.queries.js';
import type { TicketTables } from '../../projections/ticket/ticket.tables.js';
import { organizationPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const opening = Date.parse('2026-03-02T10:00:00.000Z');
const minute = 60_000;
/** The instant `minutes` after the first ticket was opened. */
const at = (minutes: number) => new Date(opening + minutes * minute);
const iso = (minutes: number) => at(minutes).toISOString();

describe('Ticket projection: list, card and SLA clock', () => {
  let store: EventStore;
  let db: Kysely<TicketTables>;
  let runner: ProjectionRunner;
  let tenantId: string;
  let requesterId: string;

  const envelope = (minutes: number, role: Role = 'technician', tenant = tenantId): CommandEnvelope => ({
    commandId: randomUUID(),
    tenantId: tenant,
    actor: { id: `${role}-1`, role },
    now: iso(minutes),
  });
  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);
  /** Registers a tenant's organization and one person of it; answers the person's id. */
  const setUpTenant = async (tenant: string) => {
    await run(registerOrganization, organizationPayload(tenant), envelope(0, 'msp_admin', tenant));
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
      envelope(0, 'client_manager', tenant),
    );
    return personId;
  };
  /** Opens a ticket at `minutes` and answers its id. */
  const open = async (minutes: number, priority = 'P2', tenant = tenantId, requester = requesterId) => {
    const ticketId = randomUUID();
    const result = await run(
      openTicket,
      {
        ticketId,
        requesterId: requester,
        category: 'incident',
        priority,
        title: 'The laptop does not start',
        description: 'The power LED blinks.',
      },
      envelope(minutes, 'client_manager', tenant),
    );
    return { ticketId, result };
  };
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<TicketTables>([ticketProjection]));
    tenantId = randomUUID();
    requesterId = await setUpTenant(tenantId);
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('moves the resolution due time by the two hours a ticket waited for the client', async () => {
    const { ticketId } = await open(0, 'P2');
    await run(startTicketWork, { ticketId }, envelope(10));
    await settled(await run(markTicketWaitingForClient, { ticketId, reason: 'Which laptop?' }, envelope(60)));

    const waiting = await ticketCard(db, tenantId, ticketId, at(90));
    expect(waiting).to.include({ status: 'waiting_for_client', slaState: 'paused', paused_minutes: 0 });
    expect(waiting?.paused_since?.toISOString()).to.equal(iso(60));
    // Live: 480 minutes target, pushed on by the 30 minutes the pause has lasted so far.
    expect(waiting?.resolutionDueAt.toISOString()).to.equal(iso(480 + 30));

    await settled(await run(resumeTicket, { ticketId }, envelope(180)));
    const resumed = await ticketCard(db, tenantId, ticketId, at(200));
    expect(resumed).to.include({ status: 'in_progress', slaState: 'on_track', paused_minutes: 120 });
    expect(resumed?.paused_since).to.equal(null);
    expect(resumed?.resolution_due_at.toISOString()).to.equal(iso(480 + 120));
    expect(resumed?.resolutionDueAt.toISOString()).to.equal(iso(480 + 120));
  });

  it('records the first response and judges it against its target, which waiting does not pause', async () => {
    const answered = await open(0, 'P1');
    const ignored = await open(0, 'P1');
    await settled(await run(startTicketWork, { ticketId: answered.ticketId }, envelope(5)));
    await settled(ignored.result);

    const card = await ticketCard(db, tenantId, answered.ticketId, at(20));
    expect(card?.first_responded_at?.toISOString()).to.equal(iso(5));
    expect(card?.first_response_due_at.toISOString()).to.equal(iso(15));
    expect(card).to.include({ firstResponseState: 'met', status: 'in_progress' });
    expect(await ticketCard(db, tenantId, ignored.ticketId, at(10))).to.include({
      firstResponseState: 'pending',
      first_responded_at: null,
    });
    expect(await ticketCard(db, tenantId, ignored.ticketId, at(20))).to.include({
      firstResponseState: 'breached',
    });
  });

  it('is on track, at risk with under 20% of the target left, then breached as now moves on', async () => {
    const { ticketId, result } = await open(0, 'P1');
    await settled(result);
    const stateAt = async (minutes: number) =>
      (await ticketCard(db, tenantId, ticketId, at(minutes)))?.slaState;
    expect(await stateAt(60)).to.equal('on_track');
    expect(await stateAt(240 - 48)).to.equal('on_track');
    expect(await stateAt(240 - 47)).to.equal('at_risk');
    expect(await stateAt(240)).to.equal('at_risk');
    expect(await stateAt(241)).to.equal('breached');
  });

  it('says met for a ticket resolved in time and breached for one resolved late, whatever now is', async () => {
    const early = await open(0, 'P1');
    const late = await open(0, 'P1');
    for (const { ticketId } of [early, late]) await run(startTicketWork, { ticketId }, envelope(5));
    await run(resolveTicket, { ticketId: early.ticketId, resolution: 'Replaced the PSU' }, envelope(100));
    await settled(await run(resolveTicket, { ticketId: late.ticketId, resolution: 'Done' }, envelope(300)));
    await settled(await run(closeTicket, { ticketId: early.ticketId }, envelope(400)));

    expect(await ticketCard(db, tenantId, early.ticketId, at(10_000))).to.include({
      status: 'closed',
      slaState: 'met',
    });
    expect(await ticketCard(db, tenantId, late.ticketId, at(310))).to.include({
      status: 'resolved',
      slaState: 'breached',
    });
  });

  it('reopens a ticket clearing its resolution and keeping its due time, so the clock runs on', async () => {
    const { ticketId } = await open(0, 'P1');
    await run(startTicketWork, { ticketId }, envelope(5));
    await run(resolveTicket, { ticketId, resolution: 'Rebooted' }, envelope(60));
    await settled(await run(reopenTicket, { ticketId, reason: 'Again' }, envelope(120, 'client_manager')));

    const card = await ticketCard(db, tenantId, ticketId, at(130));
    expect(card).to.include({ status: 'in_progress', resolved_at: null, slaState: 'on_track' });
    expect(card?.resolution_due_at.toISOString()).to.equal(iso(240));
    expect((await ticketCard(db, tenantId, ticketId, at(250)))?.slaState).to.equal('breached');
  });

  it('sums the minutes logged and the billable ones, and shows the assignee', async () => {
    const { ticketId } = await open(0, 'P3');
    await run(assignTicket, { ticketId, assigneeId: 'tech-7', assigneeRole: 'technician' }, envelope(1));
    await run(
      logTicketWork,
      { ticketId, workLogId: randomUUID(), minutes: 30, billable: true, note: '' },
      envelope(40),
    );
    const last = await run(
      logTicketWork,
      { ticketId, workLogId: randomUUID(), minutes: 15, billable: false, note: 'Travel' },
      envelope(60),
    );
    await settled(last);
    expect(await ticketCard(db, tenantId, ticketId, at(60))).to.include({
      assignee_id: 'tech-7',
      minutes_logged: 45,
      billable_minutes: 30,
    });
    expect((await listTickets(db, tenantId, { assigneeId: 'tech-7' }, at(60))).items).to.have.length(1);
    expect((await listTickets(db, tenantId, { assigneeId: 'tech-8' }, at(60))).items).to.have.length(0);
  });

  it('pages through tickets by resolution due time, filtering by SLA state on every page', async () => {
    // Due at 240, 480, 1440, 4320 and 245 minutes: P1s first, the later P1 second.
    const p1 = await open(0, 'P1');
    const p2 = await open(0, 'P2');
    const p3 = await open(0, 'P3');
    const p4 = await open(0, 'P4');
    const laterP1 = await open(5, 'P1');
    await settled(laterP1.result);

    const now = at(200); // both P1s have under 48 minutes left: at risk
    const first = await listTickets(db, tenantId, { limit: 2 }, now);
    const second = await listTickets(db, tenantId, { limit: 2, cursor: first.nextCursor as string }, now);
    const third = await listTickets(db, tenantId, { limit: 2, cursor: second.nextCursor as string }, now);
    expect([...first.items, ...second.items, ...third.items].map((t) => t.ticket_id)).to.deep.equal(
      [p1, laterP1, p2, p3, p4].map((t) => t.ticketId),
    );
    expect(third.nextCursor).to.equal(undefined);
    expect(first.items.map((t) => t.slaState)).to.deep.equal(['at_risk', 'at_risk']);

    const onTrack = await listTickets(db, tenantId, { slaState: 'on_track', limit: 2 }, now);
    const onTrackRest = await listTickets(
      db,
      tenantId,
      { slaState: 'on_track', limit: 2, cursor: onTrack.nextCursor as string },
      now,
    );
    expect([...onTrack.items, ...onTrackRest.items].map((t) => t.priority)).to.deep.equal(['P2', 'P3', 'P4']);
    expect((await listTickets(db, tenantId, { priority: 'P1' }, now)).items).to.have.length(2);
  });

  it('counts open tickets by priority and SLA state for the dashboard', async () => {
    const breached = await open(0, 'P1');
    const paused = await open(0, 'P2');
    const resolved = await open(0, 'P3');
    await open(0, 'P3');
    await run(startTicketWork, { ticketId: paused.ticketId }, envelope(5));
    await run(markTicketWaitingForClient, { ticketId: paused.ticketId, reason: 'Password?' }, envelope(10));
    await run(startTicketWork, { ticketId: resolved.ticketId }, envelope(5));
    await settled(await run(resolveTicket, { ticketId: resolved.ticketId, resolution: 'Ok' }, envelope(20)));
    await settled(breached.result);

    const counts = await openTicketCounts(db, tenantId, at(300));
    expect(counts.total).to.equal(3);
    expect(counts.bySlaState).to.deep.equal({ on_track: 1, at_risk: 0, breached: 1, paused: 1 });
    expect(counts.byPriority.P1).to.include({ breached: 1 });
    expect(counts.byPriority.P2).to.include({ paused: 1 });
    expect(counts.byPriority.P3).to.deep.equal({ on_track: 1, at_risk: 0, breached: 0, paused: 0 });
    expect(counts.byPriority.P4).to.deep.equal({ on_track: 0, at_risk: 0, breached: 0, paused: 0 });
  });

  it("never shows another tenant's tickets in its list, card or counts", async () => {
    const ours = await open(0, 'P2');
    const otherTenant = randomUUID();
    const otherRequester = await setUpTenant(otherTenant);
    const theirs = await open(0, 'P1', otherTenant, otherRequester);
    await settled(ours.result);
    await settled(theirs.result);

    const now = at(30);
    expect((await listTickets(db, tenantId, {}, now)).items.map((t) => t.ticket_id)).to.deep.equal([
      ours.ticketId,
    ]);
    expect(await ticketCard(db, tenantId, theirs.ticketId, now)).to.equal(undefined);
    expect((await openTicketCounts(db, tenantId, now)).byPriority.P1.on_track).to.equal(0);
    expect((await openTicketCounts(db, otherTenant, now)).byPriority.P1.on_track).to.equal(1);
  });
});
