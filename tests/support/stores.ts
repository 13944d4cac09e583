import { eventSchemas, eventUpcasters } from '../../domain/event-catalogue.js';
import {
  createInMemoryEventStore,
  createPostgresEventStore,
  createSchemaRegistry,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import { createTestDatabase } from './database.js';

export const schemaRegistry = createSchemaRegistry({ schemas: eventSchemas, upcasters: eventUpcasters });

/** The stores command handling is specified against: in-memory and PostgreSQL, both schema-checked. */
export const commandStores = (): Array<{ name: string; create: () => Promise<EventStore> }> => {
  let connectionString: string | undefined;
  return [
    { name: 'in-memory', create: async () => withEventSchemas(createInMemoryEventStore(), schemaRegistry) },
    {
      name: 'PostgreSQL',
      create: async () => {
        if (!connectionString) {
          connectionString = await createTestDatabase('commands');
          await migrateEventStore({ connectionString });
        }
        return withEventSchemas(createPostgresEventStore({ connectionString }), schemaRegistry);
      },
    },
  ];
};
