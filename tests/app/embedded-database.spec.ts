import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../app/embedded-database.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('The embedded PostgreSQL', function () {
  this.timeout(120_000);
  let tempDir: string;
  beforeEach(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'it-ops-embedded-'));
  });
  afterEach(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('stops with a fast shutdown and, as a throwaway cluster, leaves no files behind', async () => {
    const dataDir = path.join(tempDir, 'postgres');
    const database = await startEmbeddedDatabase({ dataDir, throwaway: true });
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    expect((await client.query('select 1 as one')).rows).to.deep.equal([{ one: 1 }]);
    await client.end();

    await database.stop();
    expect(alive(pid)).to.equal(false);
    expect(existsSync(dataDir)).to.equal(false);
  });

  it('stops a server that has already died instead of waiting for it for ever, and removes its files', async () => {
    const dataDir = path.join(tempDir, 'postgres');
    const database = await startEmbeddedDatabase({ dataDir, throwaway: true });
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));

    // The package's own stop waits for an exit event that already came: without the guard, this times out.
    await database.stop();
    expect(existsSync(dataDir)).to.equal(false);
  });
});
