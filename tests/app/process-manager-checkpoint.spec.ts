import { expect } from 'chai';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createManagerCheckpointSaver, loadManagerCheckpoint } from '../../app/process-manager-checkpoint.js';
import { toCheckpoint } from '../../event-store/index.js';
import { createTestDatabase } from '../support/database.js';

describe("The process manager's stored checkpoint", () => {
  let db: Kysely<unknown>;
  before(async () => {
    const pool = new pg.Pool({ connectionString: await createTestDatabase('manager') });
    pool.on('error', () => undefined);
    db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  });
  after(async () => {
    await db.destroy();
  });

  it('starts from the beginning when nothing was stored, then resumes where the last run got to', async () => {
    expect(await loadManagerCheckpoint(db)).to.equal(undefined);
    const saver = createManagerCheckpointSaver(db, 10_000);
    for (let position = 1n; position <= 5n; position += 1n) saver.handled(toCheckpoint(7n, position));
    await saver.flush();
    expect(await loadManagerCheckpoint(db)).to.equal(toCheckpoint(7n, 5n));
  });

  it('saves the latest checkpoint on its own after the interval, and never moves backwards', async () => {
    const saver = createManagerCheckpointSaver(db, 20);
    saver.handled(toCheckpoint(9n, 1n));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await loadManagerCheckpoint(db)).to.equal(toCheckpoint(9n, 1n));
    const stale = createManagerCheckpointSaver(db, 10_000);
    stale.handled(toCheckpoint(8n, 1n));
    await stale.flush();
    expect(await loadManagerCheckpoint(db)).to.equal(toCheckpoint(9n, 1n));
  });
});
