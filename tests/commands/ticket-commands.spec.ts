import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  type CommandDefinition,
  CommandValidationError,
  executeCommand,
} from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerDevice } from '../../commands/device/device-command-handlers.js';
import {
  changeTicketReopenWindow,
  registerOrganization,
} from '../../commands/organization/organization-command-handlers.js';
import { departPerson, registerPerson } from '../../commands/person/person-command-handlers.js';
import { ticketStream } from '../../commands/streams.js';
import {
  assignTicket,
  commentOnTicket,
  openTicket,
  reopenTicket,
  resolveTicket,
  startTicketWork,
  ticketCommands,
} from '../../commands/ticket/ticket-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import {
  failureOf,
  laptopPayload,
  organizationPayload,
  slaPolicyPayload as slaPolicy,
} from '../support/commands.js';
import { collect } from '../support/events.js';
import { commandStores } from '../support/stores.js';

const day = 24 * 60 * 60 * 1000;
const opening = Date.parse('2026-03-02T10:00:00.000Z');
/** The instant `days` days after the ticket was opened. */
const at = (days: number) => new Date(opening + days * day).toISOString();

for (const { name, create } of commandStores()) {
  describe(`Ticket commands (${name})`, () => {
    let store: EventStore;
    let tenantId: string;
    let requesterId: string;

    const envelope = (
      role: Role = 'technician',
      overrides: Partial<CommandEnvelope> = {},
    ): CommandEnvelope => ({
      commandId: randomUUID(),
      tenantId,
      actor: { id: `${role}-1`, role },
      now: at(0),
      ...overrides,
    });
    const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope()) =>
      executeCommand({ store }, definition, payload, env);
    const eventsOf = async (ticketId: string) => collect(store.readStream(ticketStream(ticketId)));

    /** Registers a tenant's organization and one person of it; answers the person's id. */
    const setUpTenant = async (tenant: string, reopenWindowDays = 14) => {
      await run(
        registerOrganization,
        organizationPayload(tenant, { ticketReopenWindowDays: reopenWindowDays }),
        envelope('msp_admin', { tenantId: tenant }),
      );
      return registerSomeone(tenant);
    };
    const registerSomeone = async (tenant = tenantId) => {
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
        envelope('client_manager', { tenantId: tenant }),
      );
      return personId;
    };
    const ticket = (overrides: Record<string, unknown> = {}) => ({
      ticketId: randomUUID(),
      requesterId,
      category: 'incident',
      priority: 'P2',
      title: 'The laptop does not start',
      description: 'Since this morning, the power LED blinks.',
      ...overrides,
    });

    beforeEach(async () => {
      store = await create();
      tenantId = randomUUID();
      requesterId = await setUpTenant(tenantId);
    });
    afterEach(async () => {
      await store.close();
    });

    it("opens a ticket recording the organization's SLA targets for its priority", async () => {
      const urgent = ticket({ priority: 'P1' });
      const result = await run(openTicket, urgent, envelope('client_manager'));
      expect(result).to.include({ stream: ticketStream(urgent.ticketId), revision: 0n });
      const normal = ticket({ priority: 'P3', deviceId: null });
      await run(openTicket, normal, envelope('client_manager'));
      const [opened] = await eventsOf(urgent.ticketId);
      expect(opened?.type).to.equal('TicketOpened');
      expect(opened?.data).to.deep.include({ requesterId, deviceId: null, sla: slaPolicy.P1 });
      expect((await eventsOf(normal.ticketId))[0]?.data).to.deep.include({ sla: slaPolicy.P3 });
    });

    it('lets an employee open a ticket for themselves, but not for a colleague', async () => {
      const colleagueId = await registerSomeone();
      const employee = (personId: string) =>
        envelope('employee', { actor: { id: 'account-anna', role: 'employee', personId } });
      const own = ticket();
      await run(openTicket, own, employee(requesterId));
      expect((await eventsOf(own.ticketId)).map((e) => e.type)).to.deep.equal(['TicketOpened']);
      const forColleague = ticket({ requesterId: colleagueId });
      const error = await failureOf(run(openTicket, forColleague, employee(requesterId)));
      expect(error).to.include({ code: 'TICKET_NOT_REQUESTER', kind: 'forbidden' });
      expect(await eventsOf(forColleague.ticketId)).to.have.length(0);
    });

    it("links a device of the tenant and refuses one it does not have, or another tenant's", async () => {
      const deviceId = randomUUID();
      const device = laptopPayload({ deviceId });
      await run(registerDevice, device);
      const linked = ticket({ deviceId });
      await run(openTicket, linked);
      expect((await eventsOf(linked.ticketId))[0]?.data).to.include({ deviceId });
      const unknown = await failureOf(run(openTicket, ticket({ deviceId: randomUUID() })));
      expect(unknown).to.include({ code: 'DEVICE_NOT_FOUND', kind: 'not_found' });
      const otherTenant = randomUUID();
      const outsider = await setUpTenant(otherTenant);
      const foreign = await failureOf(
        run(
          openTicket,
          ticket({ requesterId: outsider, deviceId }),
          envelope('technician', { tenantId: otherTenant }),
        ),
      );
      expect(foreign).to.include({ code: 'DEVICE_NOT_FOUND', kind: 'not_found' });
    });

    it('answers a requester of another tenant as not found, and stores no ticket', async () => {
      const otherTenant = randomUUID();
      await setUpTenant(otherTenant);
      const theirs = ticket();
      const error = await failureOf(
        run(openTicket, theirs, envelope('technician', { tenantId: otherTenant })),
      );
      expect(error).to.include({ code: 'PERSON_NOT_FOUND', kind: 'not_found' });
      expect(await eventsOf(theirs.ticketId)).to.have.length(0);
    });

    it("answers another tenant's ticket as not found and leaves it unchanged", async () => {
      const opened = ticket();
      await run(openTicket, opened);
      const otherTenant = randomUUID();
      await setUpTenant(otherTenant);
      const comment = {
        ticketId: opened.ticketId,
        commentId: randomUUID(),
        visibility: 'public',
        body: 'Hello',
      };
      const error = await failureOf(
        run(commentOnTicket, comment, envelope('technician', { tenantId: otherTenant })),
      );
      expect(error).to.include({ kind: 'not_found' });
      expect(await eventsOf(opened.ticketId)).to.have.length(1);
    });

    it('refuses to open a ticket in a tenant whose organization is not registered', async () => {
      const bare = randomUUID();
      const personId = await registerSomeone(bare);
      const error = await failureOf(
        run(openTicket, ticket({ requesterId: personId }), envelope('technician', { tenantId: bare })),
      );
      expect(error).to.include({ code: 'ORGANIZATION_NOT_REGISTERED', kind: 'rule' });
    });

    it('refuses a ticket for a person who has departed', async () => {
      await run(departPerson, { personId: requesterId });
      const error = await failureOf(run(openTicket, ticket()));
      expect(error).to.include({ code: 'TICKET_REQUESTER_DEPARTED' });
    });

    it("reopens a resolved ticket within the organization's reopen window as it is when reopened", async () => {
      const reopenable = randomUUID();
      requesterId = await setUpTenant(reopenable, 3);
      const asTechnician = (now: string) => envelope('technician', { tenantId: reopenable, now });
      const opened = ticket();
      const { ticketId } = opened;
      await run(openTicket, opened, asTechnician(at(0)));
      await run(startTicketWork, { ticketId }, asTechnician(at(0)));
      await run(resolveTicket, { ticketId, resolution: 'Replaced the charger' }, asTechnician(at(0)));
      const reopened = await run(reopenTicket, { ticketId, reason: 'Dead again' }, asTechnician(at(2)));
      expect(reopened.eventTypes).to.deep.equal(['TicketReopened']);
      await run(resolveTicket, { ticketId, resolution: 'Replaced the battery' }, asTechnician(at(2)));
      const late = await failureOf(run(reopenTicket, { ticketId, reason: 'Again' }, asTechnician(at(6))));
      expect(late).to.include({ code: 'TICKET_REOPEN_WINDOW_EXPIRED' });
      await run(
        changeTicketReopenWindow,
        { organizationId: reopenable, ticketReopenWindowDays: 7 },
        envelope('msp_admin', { tenantId: reopenable, now: at(6) }),
      );
      const widened = await run(reopenTicket, { ticketId, reason: 'Again' }, asTechnician(at(6)));
      expect(widened.eventTypes).to.deep.equal(['TicketReopened']);
    });

    it('assigns a ticket to a member of the IT team named with their role', async () => {
      const opened = ticket();
      await run(openTicket, opened);
      const result = await run(assignTicket, {
        ticketId: opened.ticketId,
        assigneeId: 'tech-7',
        assigneeRole: 'technician',
      });
      expect(result.eventTypes).to.deep.equal(['TicketAssigned']);
      expect((await eventsOf(opened.ticketId))[1]?.data).to.include({ assigneeId: 'tech-7' });
    });

    it('stores the events of a repeated command once and answers as the first time', async () => {
      const opened = ticket();
      const open = envelope('client_manager');
      const first = await run(openTicket, opened, open);
      expect(await run(openTicket, opened, open)).to.deep.equal(first);
      const comment = {
        ticketId: opened.ticketId,
        commentId: randomUUID(),
        visibility: 'public',
        body: 'On my way',
      };
      const commenting = envelope();
      const commented = await run(commentOnTicket, comment, commenting);
      expect(await run(commentOnTicket, comment, commenting)).to.deep.equal(commented);
      expect((await eventsOf(opened.ticketId)).map((e) => e.type)).to.deep.equal([
        'TicketOpened',
        'TicketCommented',
        'TicketFirstResponded',
      ]);
    });

    it('refuses a payload that does not match the schema, naming the fields', async () => {
      const error = await failureOf(run(openTicket, ticket({ priority: 'P5', title: '  ', urgent: true })));
      expect(error).to.be.instanceOf(CommandValidationError);
      const paths = (error as CommandValidationError).issues.map((i) => i.path);
      expect(paths).to.include.members(['priority', 'title', 'urgent']);
      const opened = ticket();
      await run(openTicket, opened);
      const assign = await failureOf(
        run(assignTicket, { ticketId: opened.ticketId, assigneeId: 'anna', assigneeRole: 'client_manager' }),
      );
      expect(assign).to.be.instanceOf(CommandValidationError);
      expect((assign as CommandValidationError).issues.map((i) => i.path)).to.deep.equal(['assigneeRole']);
    });

    it('refuses a role that may not send the command', async () => {
      const asAuditor = await failureOf(run(openTicket, ticket(), envelope('auditor')));
      expect(asAuditor).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
      const opened = ticket();
      await run(openTicket, opened);
      for (const role of ['employee', 'client_manager'] as const) {
        const error = await failureOf(
          run(
            assignTicket,
            { ticketId: opened.ticketId, assigneeId: 'tech-7', assigneeRole: 'technician' },
            envelope(role),
          ),
        );
        expect(error).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
      }
      expect(await eventsOf(opened.ticketId)).to.have.length(1);
    });
  });
}

describe('Ticket command list', () => {
  it('holds every ticket command once, by type', () => {
    const types = ticketCommands.map((c) => c.type);
    expect(new Set(types).size).to.equal(types.length);
    expect(types).to.have.length(10);
  });
});
