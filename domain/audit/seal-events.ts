import type { DomainEvent } from '../shared/index.js';

/**
 * A seal was recorded: one hash over the heads (last revision and chain hash) of all of a tenant's streams
 * at a checkpoint. The heads themselves go to the seal's export file, kept outside the system; the log keeps
 * the hash, chained like every other event, so seals cannot be dropped or rewritten unnoticed either.
 */
export type HistorySealed = DomainEvent<
  'HistorySealed',
  {
    tenantId: string;
    /** The log's checkpoint the heads were taken at (inclusive). */
    checkpoint: string;
    /** How many streams the seal covers. */
    streams: number;
    /** Hex SHA-256 over the canonical JSON of `{ checkpoint, heads, tenantId }` (event-store/stream-heads.ts). */
    headsHash: string;
    sealedAt: string;
  }
>;

export type SealEvent = HistorySealed;

/** The stream of one tenant's seals. */
export const sealStreamOf = (tenantId: string) => `seal-${tenantId}`;
