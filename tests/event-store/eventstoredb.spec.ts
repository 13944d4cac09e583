import { createEventStoreDbEventStore } from '../../event-store/index.js';
import { eventStoreContract } from './event-store-contract.js';

// The same contract as the other adapters, against a real EventStoreDB when one is configured.
const url = process.env.EVENTSTORE_URL;
if (url) {
  eventStoreContract('EventStoreDB', async () => createEventStoreDbEventStore({ connectionString: url }));
} else {
  console.log(
    'EventStoreDB contract run skipped: EVENTSTORE_URL is not set (e.g. EVENTSTORE_URL="esdb://localhost:2113?tls=false" npm test).',
  );
}
