import { createHash } from 'node:crypto';

// A fixed namespace, so the same command id always yields the same event ids (UUID version 5 layout).
const namespace = 'it-ops-panel/event-id';

/**
 * The id of the `index`-th event a command produces. A retried command therefore carries the same event
 * ids, and the store's idempotent append keeps it from storing them twice.
 */
export const eventIdFor = (commandId: string, index: number): string => {
  const bytes = createHash('sha1').update(`${namespace}:${commandId}:${index}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** A stable stream id for a natural key (e.g. an asset tag within a tenant), in UUID form. */
export const keyIdFor = (kind: string, tenantId: string, key: string): string =>
  eventIdFor(`key:${kind}:${tenantId}:${key}`, 0);
