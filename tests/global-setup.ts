import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../app/embedded-database.js';

// One throwaway PostgreSQL for the whole run, or a fresh database on the server DATABASE_URL names.
let embedded: EmbeddedDatabase | undefined;
let tempDir: string | undefined;
let externalDatabase: { admin: string; name: string } | undefined;

export const mochaGlobalSetup = async () => {
  if (process.env.DATABASE_URL) {
    const name = `test_run_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    externalDatabase = { admin: process.env.DATABASE_URL, name };
    process.env.TEST_POSTGRES_URL = url.toString();
    return;
  }
  tempDir = await mkdtemp(path.join(tmpdir(), 'it-ops-test-'));
  embedded = await startEmbeddedDatabase({
    dataDir: path.join(tempDir, 'postgres'),
    throwaway: true,
    // Durability is irrelevant for a cluster deleted after the run; speed is not.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  process.env.TEST_POSTGRES_URL = embedded.connectionString;
};

export const mochaGlobalTeardown = async () => {
  if (externalDatabase) {
    const admin = new pg.Client({ connectionString: externalDatabase.admin });
    await admin.connect();
    await admin.query(`drop database if exists ${externalDatabase.name} with (force)`);
    await admin.end();
  }
  await embedded?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
};
