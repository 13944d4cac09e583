import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type Kysely, sql } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerOrganization } from '../../commands/organization/organization-command-handlers.js';
import { registerPerson } from '../../commands/person/person-command-handlers.js';
import {
  commentOnTicket,
  logTicketWork,
  markTicketWaitingForClient,
  openTicket,
  reopenTicket,
  resolveTicket,
  startTicketWork,
} from '../../commands/ticket/ticket-command-handlers.js';
import type { Actor } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import {
  createProjectionRunner,
  type ProjectionRunner,
  type TicketTables,
  ticketCard,
  ticketComments,
  ticketProjection,
  ticketWorkLogs,
} from '../../projections/index.js';
import { organizationPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const opening = Date.parse('2026-03-02T10:00:00.000Z');
const minute = 60_000;
const at = (minutes: number) => new Date(opening + minutes * minute);
const iso = (minutes: number) => at(minutes).toISOString();

describe("Ticket projection: a ticket's conversation and work log", () => {
  let store: EventStore;
  let db: Kysely<TicketTables>;
  let runner: ProjectionRunner;
  let tenantId: string;
  let requesterId: string;
  let technician: Actor;
  let employee: Actor;
  let manager: Actor;

  const envelope = (minutes: number, actor: Actor, tenant = tenantId): CommandEnvelope => ({
    commandId: randomUUID(),
    tenantId: tenant,
    actor,
    now: iso(minutes),
  });
  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };
  /** Registers a tenant's organization and one person of it; answers the person's id. */
  const setUpTenant = async (tenant: string) => {
    const admin: Actor = { id: 'admin-1', role: 'msp_admin' };
    await run(registerOrganization, organizationPayload(tenant), envelope(0, admin, tenant));
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
      envelope(0, admin, tenant),
    );
    return personId;
  };
  /** The requester opens a ticket at `minutes`; answers its id and the write's result. */
  const open = async (
    minutes: number,
    description = 'The screen flickers when docked.',
    tenant = tenantId,
  ) => {
    const ticketId = randomUUID();
    const result = await run(
      openTicket,
      {
        ticketId,
        requesterId,
        category: 'incident',
        priority: 'P2',
        title: 'Flickering screen',
        description,
      },
      envelope(minutes, tenant === tenantId ? employee : manager, tenant),
    );
    return { ticketId, result };
  };
  const comment = (
    ticketId: string,
    minutes: number,
    actor: Actor,
    body: string,
    visibility: 'public' | 'internal' = 'public',
    commentId: string = randomUUID(),
  ) => run(commentOnTicket, { ticketId, commentId, visibility, body }, envelope(minutes, actor));
  const logWork = (ticketId: string, minutes: number, work: number, billable: boolean, note: string) =>
    run(
      logTicketWork,
      { ticketId, workLogId: randomUUID(), minutes: work, billable, note },
      envelope(minutes, technician),
    );

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<TicketTables>([ticketProjection]));
    tenantId = randomUUID();
    requesterId = await setUpTenant(tenantId);
    technician = { id: 'tech-1', role: 'technician' };
    employee = { id: 'employee-1', role: 'employee', personId: requesterId };
    manager = { id: 'manager-1', role: 'client_manager' };
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  /** A ticket that went through a whole conversation: every kind of text, one of them internal. */
  const converse = async () => {
    const { ticketId } = await open(0);
    const answered = randomUUID();
    await comment(ticketId, 10, technician, 'We are looking into it.', 'public', answered);
    await run(startTicketWork, { ticketId }, envelope(15, technician));
    const note = randomUUID();
    await comment(ticketId, 20, technician, 'Probably the dock firmware.', 'internal', note);
    await run(
      markTicketWaitingForClient,
      { ticketId, reason: 'Which dock model?' },
      envelope(30, technician),
    );
    const reply = randomUUID();
    await comment(ticketId, 40, employee, 'A Dell WD19.', 'public', reply);
    await run(
      resolveTicket,
      { ticketId, resolution: 'Updated the dock firmware.' },
      envelope(60, technician),
    );
    const last = await run(reopenTicket, { ticketId, reason: 'It flickers again.' }, envelope(70, employee));
    await settled(last);
    return { ticketId, commentIds: { answered, note, reply } };
  };

  it('keeps the description, comments and status texts in time order, each with its author and role', async () => {
    const { ticketId, commentIds } = await converse();

    const texts = await ticketComments(db, tenantId, ticketId, { includeInternal: true });

    expect(texts.map((t) => [t.kind, t.visibility, t.body, t.author_id, t.author_role])).to.deep.equal([
      ['description', 'public', 'The screen flickers when docked.', 'employee-1', 'employee'],
      ['comment', 'public', 'We are looking into it.', 'tech-1', 'technician'],
      ['comment', 'internal', 'Probably the dock firmware.', 'tech-1', 'technician'],
      ['waiting_reason', 'public', 'Which dock model?', 'tech-1', 'technician'],
      ['comment', 'public', 'A Dell WD19.', 'employee-1', 'employee'],
      ['resolution', 'public', 'Updated the dock firmware.', 'tech-1', 'technician'],
      ['reopen_reason', 'public', 'It flickers again.', 'employee-1', 'employee'],
    ]);
    expect(texts.map((t) => t.commented_at.toISOString())).to.deep.equal(
      [0, 10, 20, 30, 40, 60, 70].map(iso),
    );
    expect(texts.filter((t) => t.kind === 'comment').map((t) => t.comment_id)).to.deep.equal([
      commentIds.answered,
      commentIds.note,
      commentIds.reply,
    ]);
    expect(new Set(texts.map((t) => t.comment_id)).size, 'every entry has an id of its own').to.equal(7);
  });

  it('leaves internal comments out unless asked, and mixes in no other ticket or tenant', async () => {
    const { ticketId } = await converse();
    const other = await open(5, 'Another problem');
    await settled(await comment(other.ticketId, 6, technician, 'Not about the screen', 'internal'));
    const otherTenant = randomUUID();
    await setUpTenant(otherTenant);

    const forClient = await ticketComments(db, tenantId, ticketId, { includeInternal: false });
    const inOtherTenant = await ticketComments(db, otherTenant, ticketId, { includeInternal: true });

    expect(forClient).to.have.length(6);
    expect(forClient.every((t) => t.visibility === 'public')).to.equal(true);
    expect(forClient.map((t) => t.body)).not.to.include('Probably the dock firmware.');
    expect(forClient.map((t) => t.body)).not.to.include('Another problem');
    expect(inOtherTenant).to.deep.equal([]);
    expect(
      (await ticketComments(db, tenantId, other.ticketId, { includeInternal: true })).map((t) => t.body),
    ).to.deep.equal(['Another problem', 'Not about the screen']);
  });

  it('gives a ticket opened without a description no description entry', async () => {
    const { ticketId } = await open(0, '');
    await settled(await comment(ticketId, 5, employee, 'Forgot to say: it is the left screen.'));

    const texts = await ticketComments(db, tenantId, ticketId, { includeInternal: true });

    expect(texts.map((t) => t.kind)).to.deep.equal(['comment']);
  });

  it('shows a comment once when the same comment id arrives in a second command', async () => {
    const { ticketId } = await open(0);
    const commentId = randomUUID();
    await comment(ticketId, 5, employee, 'Sent once', 'public', commentId);
    await settled(await comment(ticketId, 6, employee, 'Sent again', 'public', commentId));

    const texts = await ticketComments(db, tenantId, ticketId, { includeInternal: true });

    expect(texts.filter((t) => t.comment_id === commentId).map((t) => t.body)).to.deep.equal(['Sent once']);
  });

  it("lists each work log entry in order with who logged it, adding up to the card's minutes", async () => {
    const { ticketId } = await open(0);
    const other = await open(0);
    await run(startTicketWork, { ticketId }, envelope(5, technician));
    await logWork(ticketId, 40, 30, true, 'Updated the dock firmware');
    await logWork(other.ticketId, 45, 5, true, 'Another ticket');
    await settled(await logWork(ticketId, 60, 15, false, 'Travel'));

    const logs = await ticketWorkLogs(db, tenantId, ticketId);
    const card = await ticketCard(db, tenantId, ticketId, at(60));

    expect(
      logs.map((l) => [l.technician_id, l.technician_role, l.minutes, l.billable, l.note]),
    ).to.deep.equal([
      ['tech-1', 'technician', 30, true, 'Updated the dock firmware'],
      ['tech-1', 'technician', 15, false, 'Travel'],
    ]);
    expect(logs.map((l) => l.logged_at.toISOString())).to.deep.equal([iso(40), iso(60)]);
    expect(logs.reduce((sum, l) => sum + l.minutes, 0)).to.equal(card?.minutes_logged);
    expect(await ticketWorkLogs(db, randomUUID(), ticketId)).to.deep.equal([]);
  });

  it('rebuilds the conversation and work log from the log when a version 1 database starts', async () => {
    const { ticketId } = await converse();
    await settled(await logWork(ticketId, 80, 25, true, 'Swapped the dock'));
    const before = {
      texts: await ticketComments(db, tenantId, ticketId, { includeInternal: true }),
      logs: await ticketWorkLogs(db, tenantId, ticketId),
    };
    runner.stop();
    // What version 1 left behind: the ticket list only, and its checkpoint.
    await sql`drop table ticket_comments, ticket_work_logs`.execute(db);
    await sql`update projection_checkpoints set version = 1 where name = 'tickets'`.execute(db);

    runner = createProjectionRunner({ db, store, projections: [ticketProjection], batchMs: 5 });
    await runner.start();

    const { rows } = await sql<{ version: number }>`
      select version from projection_checkpoints where name = 'tickets'`.execute(db);
    expect(rows[0]?.version).to.equal(2);
    expect(before.texts).to.have.length(7);
    expect(await ticketComments(db, tenantId, ticketId, { includeInternal: true })).to.deep.equal(
      before.texts,
    );
    expect(await ticketWorkLogs(db, tenantId, ticketId)).to.deep.equal(before.logs);
    expect(await ticketCard(db, tenantId, ticketId, at(90))).to.include({ minutes_logged: 25 });
  });
});
