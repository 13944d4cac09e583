import { expect } from 'chai';
import { sql } from 'kysely';
import { seedScale } from '../../bench/scale/seed-scale.js';
import { allProjections, type DeviceTables, listDevices } from '../../projections/index.js';
import { collect } from '../support/events.js';
import { openProjectionHarness } from '../support/projections.js';

describe('Scale data (seed:scale)', function () {
  this.timeout(120_000);

  it('writes a valid, deterministic history that every projection takes in', async () => {
    const first = await openProjectionHarness<DeviceTables>(allProjections, 'scale');
    const second = await openProjectionHarness<DeviceTables>([], 'scale');
    try {
      const written = await seedScale(first.store, { tenants: 3, events: 2400, seed: 42, concurrency: 3 });
      const rewritten = await seedScale(second.store, { tenants: 3, events: 2400, seed: 42, concurrency: 2 });
      expect(written.events).to.be.at.least(2400);
      expect(rewritten.events).to.equal(written.events);

      // readAll stops before the oldest transaction still running (the runner's batches among them): read
      // until the whole log is visible.
      const wholeLog = async (store: typeof first.store, events: number) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const log = await collect(store.readAll());
          if (log.length >= events || Date.now() > deadline) return log;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const log = await wholeLog(first.store, written.events);
      const again = await wholeLog(second.store, written.events);
      expect(log).to.have.length(written.events);
      const key = (e: { streamName: string; streamRevision: bigint; id: string; type: string }) =>
        `${e.streamName}#${e.streamRevision}:${e.id}:${e.type}`;
      expect(log.map(key).sort()).to.deep.equal(again.map(key).sort());

      const types = new Set(log.map((e) => e.type));
      for (const type of [
        'PersonDeparted',
        'DeviceTransferred',
        'DeviceRepaired',
        'TicketResumed',
        'ProcessCompleted',
        'AccessRevoked',
      ]) {
        expect(types, `the history has ${type}`).to.include(type);
      }
      const last = log.at(-1)?.checkpoint as string;
      expect(await first.runner.waitForCheckpoint(last, 30_000)).to.equal(true);
      const tenants = new Set(log.map((e) => e.metadata.tenantId as string));
      expect(tenants.size).to.equal(3);
      for (const tenantId of tenants)
        expect((await listDevices(first.db, tenantId)).items.length).to.be.greaterThan(0);
      const { rows } = await sql<{
        n: string;
      }>`select count(distinct currency) as n from cost_entries`.execute(first.db);
      expect(Number(rows[0]?.n)).to.equal(2);
    } finally {
      for (const harness of [first, second]) {
        harness.runner.stop();
        await harness.store.close();
        await harness.db.destroy();
      }
    }
  });
});
