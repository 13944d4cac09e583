/** A person's data key: the 32 key bytes while it exists, `erased` once it was deleted (for good). */
export type PersonKey = { status: 'active'; key: Buffer } | { status: 'erased' };

/**
 * The keys a person's personal data is encrypted with, one per person of a tenant (crypto-shredding:
 * deleting the key erases every copy of the data at once, while the events themselves never change).
 */
export interface PersonKeys {
  /** The person's key, `erased` once deleted, or undefined when none was ever made. */
  get(tenantId: string, personId: string): Promise<PersonKey | undefined>;
  /** The person's key, made on first use; `erased` for a deleted one, which is never made again. */
  create(tenantId: string, personId: string): Promise<PersonKey>;
  /** Deletes the person's key for good (idempotent; a person without a key can never get one). */
  delete(tenantId: string, personId: string): Promise<void>;
}

export interface PersonKeyCacheOptions {
  /**
   * How long a process trusts an active key it read before asking the store again: the longest time a
   * deletion made by another process can go unnoticed here. An erased key is final and cached for good.
   */
  activeForMs?: number;
  /** The clock, for specs. */
  now?: () => number;
}

/**
 * Keeps keys in memory so that reading an event does not cost a query. A deletion made by this process
 * takes effect here at once; one made by another process within `activeForMs` (1 s unless told): short
 * enough for an erasure, long enough that a replay asks once per person per second at most. (A re-check on
 * every read would make each personal event a query; a notification channel would be one more moving part
 * for a rare event.)
 */
export const withPersonKeyCache = (keys: PersonKeys, options: PersonKeyCacheOptions = {}): PersonKeys => {
  const activeForMs = options.activeForMs ?? 1000;
  const now = options.now ?? Date.now;
  const cached = new Map<string, { key: PersonKey; until: number }>();
  const id = (tenantId: string, personId: string) => `${tenantId}\u0000${personId}`;

  const fresh = (tenantId: string, personId: string) => {
    const entry = cached.get(id(tenantId, personId));
    return entry !== undefined && entry.until > now() ? entry.key : undefined;
  };
  const remember = (tenantId: string, personId: string, key: PersonKey | undefined) => {
    if (key === undefined) return key;
    const until = key.status === 'erased' ? Number.POSITIVE_INFINITY : now() + activeForMs;
    cached.set(id(tenantId, personId), { key, until });
    return key;
  };

  return {
    async get(tenantId, personId) {
      return fresh(tenantId, personId) ?? remember(tenantId, personId, await keys.get(tenantId, personId));
    },
    async create(tenantId, personId) {
      const known = fresh(tenantId, personId);
      if (known) return known;
      return remember(tenantId, personId, await keys.create(tenantId, personId)) as PersonKey;
    },
    async delete(tenantId, personId) {
      if (fresh(tenantId, personId)?.status === 'erased') return;
      cached.delete(id(tenantId, personId));
      await keys.delete(tenantId, personId);
      remember(tenantId, personId, { status: 'erased' });
    },
  };
};
