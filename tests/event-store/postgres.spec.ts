import { createPostgresEventStore, migrateEventStore } from '../../event-store/index.js';
import { createTestDatabase } from '../support/database.js';
import { eventStoreContract } from './event-store-contract.js';

let connectionString: string | undefined;

eventStoreContract('PostgreSQL', async () => {
  if (!connectionString) {
    connectionString = await createTestDatabase('contract');
    await migrateEventStore({ connectionString });
    // Migrating twice must be harmless (every start-up migrates).
    await migrateEventStore({ connectionString });
  }
  // A short poll interval would hide a broken LISTEN/NOTIFY wake-up; keep it long.
  return createPostgresEventStore({ connectionString, pollIntervalMs: 60_000 });
});
