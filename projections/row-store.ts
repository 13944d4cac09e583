import { type InsertType, type QueryExecutorProvider, type RawBuilder, sql } from 'kysely';

/**
 * How the row store reaches a table's rows: the primary key, and named groups of rows loaded together
 * (for example the steps of one process). A group's columns must be indexed, tenant first. Key and group
 * columns are text: the store matches them as text and tells rows apart by their values.
 */
export interface TableSpec {
  key: readonly string[];
  groups?: Readonly<Record<string, readonly string[]>>;
  /** Rows only ever added, never read or changed by `apply` (logs, timelines): written without a lookup. */
  appendOnly?: boolean;
}

/** A whole row as the store holds it: JSON values (timestamps as ISO strings, bigints as numbers, jsonb as objects). */
export type StoredRow<T> = { [C in keyof T]: InsertType<T[C]> };
type Table<Tables> = keyof Tables & string;
type Key<Tables, T extends Table<Tables>> = Partial<StoredRow<Tables[T]>>;

/** Rows a batch will read, named before it runs so that one query per table loads them all. */
export type Need<Tables> = {
  [T in Table<Tables>]: { table: T; key: Key<Tables, T>; group?: string };
}[Table<Tables>];

/**
 * The rows a projection reads and writes while it applies a batch. Reads come from a cache filled in bulk
 * before the batch (the projection's `needs`) or, for anything not named there, one query at a time; writes
 * stay in memory and reach the database at the end of the batch as one statement per table and kind
 * (multi-row upserts, deletes, inserts), inside the batch's transaction. Returned rows are read-only: change
 * them through `put` or `update`.
 */
export interface RowStore<Tables> {
  get<T extends Table<Tables>>(table: T, key: Key<Tables, T>): Promise<StoredRow<Tables[T]> | undefined>;
  /** Every row of a group, e.g. `list('process_steps', 'process', { tenant_id, process_id })`. */
  list<T extends Table<Tables>>(
    table: T,
    group: string,
    key: Key<Tables, T>,
  ): Promise<StoredRow<Tables[T]>[]>;
  /** Inserts the row or replaces the one with its key. */
  put<T extends Table<Tables>>(table: T, row: StoredRow<Tables[T]>): void;
  /** Inserts the row unless one with its key exists; true when it was inserted. */
  insertIfAbsent<T extends Table<Tables>>(table: T, row: StoredRow<Tables[T]>): Promise<boolean>;
  /** Changes the row with this key, if there is one (as SQL UPDATE would); true when there was. */
  update<T extends Table<Tables>>(
    table: T,
    key: Key<Tables, T>,
    changes: Key<Tables, T> | ((row: StoredRow<Tables[T]>) => Key<Tables, T>),
  ): Promise<boolean>;
  delete<T extends Table<Tables>>(table: T, key: Key<Tables, T>): Promise<void>;
  /** Adds a row to an append-only table; a row whose key is already stored is left as it is. */
  append<T extends Table<Tables>>(table: T, row: StoredRow<Tables[T]>): void;
}

type Row = Record<string, unknown>;

interface Entry {
  /** Undefined: no such row (absent in the database, or deleted in this batch). */
  row: Row | undefined;
  /** Written in this batch: upserted (or deleted when `row` is undefined) by `flush`. */
  dirty: boolean;
}

interface TableState {
  spec: TableSpec;
  entries: Map<string, Entry>;
  /** Per group: the group keys loaded whole, and which row keys each group key holds. */
  loaded: Map<string, Set<string>>;
  members: Map<string, Map<string, Set<string>>>;
  appended: Row[];
}

const rowsPerStatement = 5000;
const keyOf = (columns: readonly string[], row: Row) => JSON.stringify(columns.map((column) => row[column]));
const getOrAdd = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
};
const pick = (columns: readonly string[], row: Row) =>
  Object.fromEntries(columns.map((column) => [column, row[column]]));

export interface BatchRowStore<Tables> extends RowStore<Tables> {
  load(needs: readonly Need<Tables>[]): Promise<void>;
  /** Writes every change of the batch; the store is empty afterwards. */
  flush(): Promise<void>;
}

/**
 * A row store for one batch in `trx`, on the tables of `specs` in `schema` (the current schema when
 * undefined; a rebuild names its own).
 */
export const createRowStore = <Tables>(
  trx: QueryExecutorProvider,
  specs: { readonly [T in Table<Tables>]: TableSpec },
  schema?: string,
): BatchRowStore<Tables> => {
  const tables = new Map<string, TableState>();
  const state = (table: string): TableState => {
    let found = tables.get(table);
    if (!found) {
      const spec = (specs as Record<string, TableSpec | undefined>)[table];
      if (!spec) throw new Error(`No row-store spec for table ${table}`);
      found = { spec, entries: new Map(), loaded: new Map(), members: new Map(), appended: [] };
      tables.set(table, found);
    }
    return found;
  };
  const name = (table: string) => (schema ? sql.id(schema, table) : sql.id(table));
  const columnsOf = (table: TableState, group: string | undefined) => {
    if (group === undefined) return table.spec.key;
    const columns = table.spec.groups?.[group];
    if (!columns) throw new Error(`No group ${group} in the row-store spec`);
    return columns;
  };

  const remember = (table: TableState, key: string, entry: Entry) => {
    table.entries.set(key, entry);
    if (!entry.row) return;
    for (const [group, columns] of Object.entries(table.spec.groups ?? {})) {
      const byGroup = getOrAdd(table.members, group, () => new Map<string, Set<string>>());
      getOrAdd(byGroup, keyOf(columns, entry.row), () => new Set<string>()).add(key);
    }
  };

  /** Rows of `table` whose `columns` equal one of `keys`, one query however many keys. */
  const select = async (table: string, columns: readonly string[], keys: Row[]): Promise<Row[]> => {
    const found: Row[] = [];
    for (let start = 0; start < keys.length; start += rowsPerStatement) {
      const chunk = keys.slice(start, start + rowsPerStatement);
      const { rows } = await sql<{ row: Row }>`
        select to_jsonb(t) as row
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
               as x(${sql.join(columns.map((column) => sql`${sql.id(column)} text`))})
          join ${name(table)} as t on ${sql.join(
            columns.map((column) => sql`t.${sql.id(column)} = x.${sql.id(column)}`),
            sql` and `,
          )}`.execute(trx);
      for (const { row } of rows) found.push(row);
    }
    return found;
  };

  const loadKeys = async (tableName: string, keys: Row[]) => {
    const table = state(tableName);
    const wanted = new Map<string, Row>();
    for (const key of keys) {
      const k = keyOf(table.spec.key, key);
      if (!table.entries.has(k) && !coveredByGroup(table, key)) wanted.set(k, pick(table.spec.key, key));
    }
    if (wanted.size === 0) return;
    for (const row of await select(tableName, table.spec.key, [...wanted.values()])) {
      const k = keyOf(table.spec.key, row);
      if (!table.entries.has(k)) remember(table, k, { row, dirty: false });
      wanted.delete(k);
    }
    for (const k of wanted.keys()) table.entries.set(k, { row: undefined, dirty: false });
  };

  const loadGroups = async (tableName: string, group: string, keys: Row[]) => {
    const table = state(tableName);
    const columns = columnsOf(table, group);
    const loaded = getOrAdd(table.loaded, group, () => new Set<string>());
    const wanted = new Map<string, Row>();
    for (const key of keys) {
      const k = keyOf(columns, key);
      if (!loaded.has(k)) wanted.set(k, pick(columns, key));
    }
    if (wanted.size === 0) return;
    for (const row of await select(tableName, columns, [...wanted.values()])) {
      const k = keyOf(table.spec.key, row);
      if (!table.entries.has(k)) remember(table, k, { row, dirty: false });
    }
    for (const k of wanted.keys()) loaded.add(k);
  };

  /** True when a loaded group covers `key`, so a row missing from the cache is missing everywhere. */
  const coveredByGroup = (table: TableState, key: Row) =>
    Object.entries(table.spec.groups ?? {}).some(
      ([group, columns]) =>
        columns.every((column) => table.spec.key.includes(column)) &&
        table.loaded.get(group)?.has(keyOf(columns, key)) === true,
    );

  const get = async (tableName: string, key: Row): Promise<Row | undefined> => {
    const table = state(tableName);
    if (table.spec.appendOnly) throw new Error(`${tableName} is append-only: apply cannot read it`);
    const k = keyOf(table.spec.key, key);
    const cached = table.entries.get(k);
    if (cached) return cached.row;
    if (coveredByGroup(table, key)) return undefined;
    await loadKeys(tableName, [key]);
    return table.entries.get(k)?.row;
  };

  const put = (tableName: string, row: Row) => {
    const table = state(tableName);
    remember(table, keyOf(table.spec.key, row), { row, dirty: true });
  };

  const store: BatchRowStore<Row> = {
    async load(needs) {
      const byTable = new Map<string, Map<string | undefined, Row[]>>();
      for (const need of needs as readonly { table: string; key: Row; group?: string }[]) {
        const byGroup = getOrAdd(byTable, need.table, () => new Map<string | undefined, Row[]>());
        getOrAdd(byGroup, need.group, () => []).push(need.key);
      }
      // Groups first: a key inside a loaded group needs no query of its own.
      for (const [table, byGroup] of byTable) {
        for (const [group, keys] of byGroup) if (group !== undefined) await loadGroups(table, group, keys);
        const keys = byGroup.get(undefined);
        if (keys) await loadKeys(table, keys);
      }
    },
    get,
    async list(tableName, group, key) {
      const table = state(tableName);
      const columns = columnsOf(table, group);
      await loadGroups(tableName, group, [key as Row]);
      const groupKey = keyOf(columns, key as Row);
      const rows: Row[] = [];
      for (const k of table.members.get(group)?.get(groupKey) ?? []) {
        const row = table.entries.get(k)?.row;
        // A row whose group columns changed since has left the group.
        if (row && keyOf(columns, row) === groupKey) rows.push(row);
      }
      return rows;
    },
    put,
    async insertIfAbsent(tableName, row) {
      if ((await get(tableName, row)) !== undefined) return false;
      put(tableName, row);
      return true;
    },
    async update(tableName, key, changes) {
      const row = await get(tableName, key as Row);
      if (!row) return false;
      const change = (typeof changes === 'function' ? changes(row) : changes) as Row;
      // As kysely's set() does, a change left undefined leaves its column as it is.
      const defined = Object.entries(change).filter(([, value]) => value !== undefined);
      put(tableName, { ...row, ...Object.fromEntries(defined) });
      return true;
    },
    async delete(tableName, key) {
      const table = state(tableName);
      table.entries.set(keyOf(table.spec.key, key as Row), { row: undefined, dirty: true });
    },
    append(tableName, row) {
      const table = state(tableName);
      if (!table.spec.appendOnly) throw new Error(`${tableName} is not append-only: use put`);
      table.appended.push(row);
    },
    async flush() {
      for (const [tableName, table] of tables) {
        const deleted: Row[] = [];
        const written: Row[] = [];
        for (const [k, entry] of table.entries) {
          if (!entry.dirty) continue;
          if (entry.row) written.push(entry.row);
          else {
            const values = JSON.parse(k) as unknown[];
            deleted.push(Object.fromEntries(table.spec.key.map((column, i) => [column, values[i]])));
          }
        }
        for (let start = 0; start < deleted.length; start += rowsPerStatement) {
          const chunk = deleted.slice(start, start + rowsPerStatement);
          await sql`
            delete from ${name(tableName)} as t
             using jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
                   as x(${sql.join(table.spec.key.map((column) => sql`${sql.id(column)} text`))})
             where ${sql.join(
               table.spec.key.map((column) => sql`t.${sql.id(column)} = x.${sql.id(column)}`),
               sql` and `,
             )}`.execute(trx);
        }
        await insert(tableName, table.spec, written, 'update');
        await insert(tableName, table.spec, table.appended, 'nothing');
      }
      tables.clear();
    },
  };

  const insert = async (
    tableName: string,
    spec: TableSpec,
    rows: Row[],
    onConflict: 'update' | 'nothing',
  ) => {
    const first = rows[0];
    if (!first) return;
    const columns = Object.keys(first);
    // Rows are written whole: a row missing a column would quietly write NULL into it.
    const partial = rows.find((row) => Object.keys(row).length !== columns.length);
    if (partial)
      throw new Error(
        `${tableName}: every row must have all ${columns.length} columns: ${columns.join(', ')}`,
      );
    const changed = columns.filter((column) => !spec.key.includes(column));
    const conflict: RawBuilder<unknown> =
      onConflict === 'nothing' || changed.length === 0
        ? sql`do nothing`
        : sql`do update set ${sql.join(
            changed.map((column) => sql`${sql.id(column)} = excluded.${sql.id(column)}`),
          )}`;
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const chunk = rows.slice(start, start + rowsPerStatement);
      await sql`
        insert into ${name(tableName)}
        select * from jsonb_populate_recordset(null::${name(tableName)}, ${JSON.stringify(chunk)}::jsonb)
        on conflict (${sql.join(spec.key.map((column) => sql.id(column)))}) ${conflict}`.execute(trx);
    }
  };

  return store as unknown as BatchRowStore<Tables>;
};
