import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../event-store/index.js';
import type { Need, RowStore, TableSpec } from './row-store.js';

/**
 * A read model built from the log (STYLE.md, rule 5). `apply` reads and writes rows through the row store
 * the runner gives it; the store writes them in the transaction that records the projection's checkpoint,
 * so a crash can neither apply an event twice nor skip one. Bump `version` when `apply` or the tables
 * change: the projection is rebuilt.
 */
export interface Projection<Tables> {
  name: string;
  version: number;
  /** The tables `migrate` creates and `apply` writes: what a rebuild builds anew and swaps in. */
  tables: readonly (keyof Tables & string)[];
  /** Each table's primary key and the groups of rows `apply` reads together. */
  rows: { readonly [T in keyof Tables & string]: TableSpec };
  /** Event types `apply` cares about; the runner still moves the checkpoint past all others. */
  handles: readonly string[];
  /**
   * Creates the projection's tables and indexes if they are missing (idempotent). It must name tables only
   * through kysely (no schema-qualified raw SQL), so that a rebuild can aim them at another schema.
   */
  migrate(db: Kysely<unknown>): Promise<void>;
  /**
   * The rows `apply` will read for this event, loaded for the whole batch in one query per table. Optional:
   * a row not named here is still read, one query at a time.
   */
  needs?(event: RecordedEvent): readonly Need<Tables>[];
  /** Applies one event; called in log order within a batch. */
  apply(event: RecordedEvent, rows: RowStore<Tables>): Promise<void>;
}

/** Any projection, whatever its tables, as the runner sees it. */
// biome-ignore lint/suspicious/noExplicitAny: the runner is generic over every projection's table types
export type AnyProjection = Projection<any>;
