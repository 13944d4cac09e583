import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The server every spec shares: set by tests/global-setup.ts before any spec runs. */
export const serverUrl = (): string => {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error('TEST_POSTGRES_URL is not set: run specs through mocha with tests/global-setup.ts');
  return url;
};

/** Creates an empty database on the shared test server and returns its URL. */
export const createTestDatabase = async (prefix = 'spec'): Promise<string> => {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
};
