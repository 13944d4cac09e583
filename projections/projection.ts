import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../event-store/index.js';

/**
 * A read model built from the log (STYLE.md, rule 5). `apply` writes rows inside the transaction the
 * runner gives it, the same one that records the projection's checkpoint, so a crash can neither apply an
 * event twice nor skip one. Bump `version` when `apply` or the tables change: the projection is rebuilt.
 */
export interface Projection<Tables> {
  name: string;
  version: number;
  /** The tables `migrate` creates and `apply` writes: what a rebuild builds anew and swaps in. */
  tables: readonly string[];
  /** Event types `apply` cares about; the runner still moves the checkpoint past all others. */
  handles: readonly string[];
  /**
   * Creates the projection's tables and indexes if they are missing (idempotent). It and `apply` must name
   * tables only through kysely (no schema-qualified raw SQL), so that a rebuild can aim them at another schema.
   */
  migrate(db: Kysely<unknown>): Promise<void>;
  /** Applies one event; called in log order, inside the batch's transaction. */
  apply(event: RecordedEvent, trx: Transaction<Tables>): Promise<void>;
}

/** Any projection, whatever its tables, as the runner sees it. */
// biome-ignore lint/suspicious/noExplicitAny: the runner is generic over every projection's table types
export type AnyProjection = Projection<any>;
