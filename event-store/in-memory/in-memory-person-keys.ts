import { randomBytes } from 'node:crypto';
import type { PersonKey, PersonKeys } from '../person-keys.js';

/** Person keys in a map, for specs and the in-memory event store. */
export const createInMemoryPersonKeys = (): PersonKeys => {
  const keys = new Map<string, PersonKey>();
  const id = (tenantId: string, personId: string) => `${tenantId}\u0000${personId}`;
  return {
    get: async (tenantId, personId) => keys.get(id(tenantId, personId)),
    async create(tenantId, personId) {
      const existing = keys.get(id(tenantId, personId));
      if (existing) return existing;
      const made: PersonKey = { status: 'active', key: randomBytes(32) };
      keys.set(id(tenantId, personId), made);
      return made;
    },
    async delete(tenantId, personId) {
      keys.set(id(tenantId, personId), { status: 'erased' });
    },
  };
};
