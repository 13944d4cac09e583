export { assertAppendable } from './append-guard.js';
export { parseCheckpoint, toCheckpoint } from './checkpoint.js';
export { type ActualRevision, InvalidAppendError, WrongExpectedRevisionError } from './errors.js';
export type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './event-store.js';
export { createEventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
export { createInMemoryEventStore } from './in-memory/in-memory-event-store.js';
export { createInMemoryPersonKeys } from './in-memory/in-memory-person-keys.js';
export {
  type PersonKey,
  type PersonKeyCacheOptions,
  type PersonKeys,
  withPersonKeyCache,
} from './person-keys.js';
export { PersonalDataError, type PersonalDataOptions, withPersonalData } from './personal-data.js';
export {
  createPostgresEventStore,
  createPostgresPersonKeys,
  migrateEventStore,
  type PostgresEventStoreOptions,
} from './postgres/index.js';
export { createSchemaRegistry, EventSchemaError, type SchemaRegistry } from './schema-registry.js';
export { withEventSchemas } from './with-event-schemas.js';
