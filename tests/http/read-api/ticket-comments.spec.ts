import { expect } from 'chai';
import { type Client, startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  expectCaughtUp,
  expectProblem,
  openTicket,
  readAfter,
  type Written,
  write,
} from './support/read-fixtures.js';

type Who = 'technician' | 'mspAdmin' | 'auditorA' | 'managerA' | 'employeeA';
interface Entry {
  kind: string;
  visibility: string;
  body: string;
  author_id: string | null;
  author_role: string | null;
  commented_at: string;
}

const description = 'The second monitor stays black.';
const technicianAnswer = 'We will look at it today.';
const internalNote = 'Cable or GPU: check the docking station first.';
const employeeReply = 'It is the HDMI one, on the left.';

/** Who reads the internal comment, and who reads the work log (the employee reads neither). */
const readers: Array<{ who: Who; internal: boolean; workLogs: boolean }> = [
  { who: 'technician', internal: true, workLogs: true },
  { who: 'mspAdmin', internal: true, workLogs: true },
  { who: 'auditorA', internal: true, workLogs: true },
  { who: 'managerA', internal: false, workLogs: true },
  { who: 'employeeA', internal: false, workLogs: false },
];

describe('read API: ticket comments and work logs on the ticket card', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let ticketId: string;
  let last: Written;
  const client = (who: Who): Client => world[who];

  before(async () => {
    world = await startTestWorld();
    const opened = await openTicket(world.employeeA, { title: 'Second monitor', description });
    ticketId = opened.ticketId;
    const comment = (author: Client, body: string, visibility: 'public' | 'internal') =>
      write(author, `/tickets/${ticketId}/comments`, { body, visibility });
    await comment(world.technician, technicianAnswer, 'public');
    await comment(world.technician, internalNote, 'internal');
    await write(world.technician, `/tickets/${ticketId}/work-logs`, {
      minutes: 20,
      billable: true,
      note: 'Checked the cable',
    });
    last = await comment(world.employeeA, employeeReply, 'public');
  });
  after(() => world?.close());

  const card = (who: Who) => readAfter(client(who), `/tickets/${ticketId}`, last.checkpoint);
  const bodies = (entries: Entry[]) => entries.map((entry) => entry.body);

  it('shows the conversation in the order it was written, right after the last comment', async () => {
    const answer = await card('technician');

    expectCaughtUp(answer);
    expect(answer.body).to.include({ ticket_id: ticketId, title: 'Second monitor' });
    const comments = answer.body.comments as Entry[];
    expect(comments.map((c) => [c.kind, c.visibility, c.body, c.author_id, c.author_role])).to.deep.equal([
      ['description', 'public', description, world.employeeA.accountId, 'employee'],
      ['comment', 'public', technicianAnswer, world.technician.accountId, 'technician'],
      ['comment', 'internal', internalNote, world.technician.accountId, 'technician'],
      ['comment', 'public', employeeReply, world.employeeA.accountId, 'employee'],
    ]);
    const times = comments.map((c) => Date.parse(c.commented_at));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
  });

  for (const { who, internal } of readers) {
    it(`${internal ? 'shows' : 'hides'} the internal comment to ${who}, with every public one`, async () => {
      const answer = await card(who);

      expectCaughtUp(answer);
      const seen = bodies(answer.body.comments);
      expect(seen).to.include.members([description, technicianAnswer, employeeReply]);
      if (internal) expect(seen).to.include(internalNote);
      else expect(seen).not.to.include(internalNote);
      expect(seen).to.have.length(internal ? 4 : 3);
    });
  }

  for (const { who, workLogs } of readers) {
    it(`${workLogs ? 'shows' : 'leaves out'} the work log for ${who}`, async () => {
      const answer = await card(who);

      expectCaughtUp(answer);
      if (!workLogs) {
        expect(answer.body).not.to.have.property('workLogs');
        return;
      }
      expect(answer.body.workLogs).to.have.length(1);
      expect(answer.body.workLogs[0]).to.include({
        technician_id: world.technician.accountId,
        technician_role: 'technician',
        minutes: 20,
        billable: true,
        note: 'Checked the cable',
      });
      expect(answer.body.workLogs[0].logged_at).to.be.a('string');
    });
  }

  it("answers 404 to tenant B for tenant A's ticket, its comments with it", async () => {
    const asManagerB = await world.managerB.get(`/tickets/${ticketId}?after=${last.checkpoint}`);
    const asTechnicianInB = await world.technician.get(`/tickets/${ticketId}`, { tenant: world.tenantB });

    expectProblem(asManagerB, 404, 'NOT_FOUND');
    expectProblem(asTechnicianInB, 404, 'NOT_FOUND');
    expect(asManagerB.text).not.to.include(technicianAnswer);
    expect(asTechnicianInB.text).not.to.include(internalNote);
  });

  it("keeps the internal comment's body out of the client manager's audit log, not the auditor's", async () => {
    const path = `/audit-log?stream=ticket-${ticketId}&type=TicketCommented`;
    const forManager = await readAfter(world.managerA, path, last.checkpoint);
    const forAuditor = await readAfter(world.auditorA, path, last.checkpoint);
    const managerCsv = await readAfter(world.managerA, `${path}&format=csv`, last.checkpoint);

    expectCaughtUp(forManager);
    expectCaughtUp(forAuditor);
    const logged = (answer: typeof forManager) =>
      (answer.body.items as Array<{ data: { body: string; visibility: string } }>).map((item) => [
        item.data.visibility,
        item.data.body,
      ]);
    expect(logged(forManager)).to.deep.equal([
      ['public', technicianAnswer],
      ['internal', '[redacted]'],
      ['public', employeeReply],
    ]);
    expect(logged(forAuditor)).to.deep.equal([
      ['public', technicianAnswer],
      ['internal', internalNote],
      ['public', employeeReply],
    ]);
    expect(managerCsv.status).to.equal(200);
    expect(managerCsv.text).to.include(employeeReply);
    expect(managerCsv.text).not.to.include(internalNote);
  });
});
