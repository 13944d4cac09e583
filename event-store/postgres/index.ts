export { type AppendOutcome, appendWith } from './append.js';
export { createPostgresPersonKeys } from './person-keys.js';
export { createPostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';
export { migrateEventStore } from './schema.js';
