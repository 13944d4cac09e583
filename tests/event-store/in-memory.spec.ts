import { createInMemoryEventStore } from '../../event-store/index.js';
import { eventStoreContract } from './event-store-contract.js';

eventStoreContract('in-memory', async () => createInMemoryEventStore());
