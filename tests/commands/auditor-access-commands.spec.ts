import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { recordAuditorAccess } from '../../commands/audit/auditor-access-command.js';
import { allCommands, CommandValidationError, DomainError, executeCommand } from '../../commands/index.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { failureOf } from '../support/commands.js';
import { collect } from '../support/events.js';
import { commandStores } from '../support/stores.js';

const envelope = (tenantId: string, role: Role = 'auditor', commandId = randomUUID()) => ({
  commandId,
  tenantId,
  actor: { id: `account-${role}`, role },
  now: '2026-03-02T10:00:00.000Z',
});
const verified = () => ({
  accessId: randomUUID(),
  action: 'verified',
  target: 'history',
  via: 'api',
  result: 'ok',
  events: 42,
});

for (const { name, create } of commandStores()) {
  describe(`Recording auditor accesses (${name})`, () => {
    let store: EventStore;
    before(async () => {
      store = await create();
    });
    after(() => store.close());

    it("appends the access to the tenant's access stream, by the actor, whatever came before", async () => {
      const tenant = randomUUID();
      const first = verified();
      await executeCommand({ store }, recordAuditorAccess, first, envelope(tenant));
      await executeCommand({ store }, recordAuditorAccess, verified(), envelope(tenant, 'client_manager'));

      const events = await collect(store.readStream(`audit-access-${tenant}`));
      expect(events.map((event) => event.type)).to.deep.equal([
        'AuditorAccessRecorded',
        'AuditorAccessRecorded',
      ]);
      expect(events[0]?.data).to.deep.equal({
        ...first,
        tenantId: tenant,
        accessedAt: '2026-03-02T10:00:00.000Z',
      });
      expect(events.map((event) => event.metadata.actor)).to.deep.equal([
        { id: 'account-auditor', role: 'auditor' },
        { id: 'account-client_manager', role: 'client_manager' },
      ]);
    });

    it('records a repeated command once', async () => {
      const tenant = randomUUID();
      const same = envelope(tenant);
      const payload = verified();
      await executeCommand({ store }, recordAuditorAccess, payload, same);
      await executeCommand({ store }, recordAuditorAccess, payload, same);

      expect(await collect(store.readStream(`audit-access-${tenant}`))).to.have.length(1);
    });

    it('refuses to record an access by a role that does not read the full history', async () => {
      const tenant = randomUUID();
      for (const role of ['technician', 'employee'] as const) {
        const error = await failureOf(
          executeCommand({ store }, recordAuditorAccess, verified(), envelope(tenant, role)),
        );
        expect(error).to.be.instanceOf(DomainError).and.to.include({ code: 'ROLE_NOT_ALLOWED' });
      }
      expect(await collect(store.readStream(`audit-access-${tenant}`))).to.deep.equal([]);
    });

    it('refuses an unknown action and an as-of access without its date', async () => {
      const tenant = randomUUID();
      const unknown = await failureOf(
        executeCommand(
          { store },
          recordAuditorAccess,
          { ...verified(), action: 'deleted' },
          envelope(tenant),
        ),
      );
      expect(unknown).to.be.instanceOf(CommandValidationError);
      const undated = await failureOf(
        executeCommand(
          { store },
          recordAuditorAccess,
          { ...verified(), action: 'viewed_state', target: 'device-x' },
          envelope(tenant),
        ),
      );
      expect(undated).to.be.instanceOf(DomainError).and.to.include({ code: 'AS_OF_REQUIRED' });
    });
  });
}

describe('Recording auditor accesses: offered to people?', () => {
  it('is not a command of the write API (the system records accesses)', () => {
    expect(allCommands.map((command) => command.type)).to.not.include('RecordAuditorAccess');
  });
});
