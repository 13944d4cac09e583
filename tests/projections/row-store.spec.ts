import { expect } from 'chai';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createRowStore, type TableSpec } from '../../projections/row-store.js';
import { createTestDatabase } from '../support/database.js';

interface Tables {
  items: {
    tenant_id: string;
    item_id: string;
    box_id: string;
    count: number;
    price: number;
    tags: string[];
    details: Record<string, unknown>;
    seen_at: string;
  };
  log: { tenant_id: string; seq: string; text: string };
}

const specs: { [T in keyof Tables]: TableSpec } = {
  items: { key: ['tenant_id', 'item_id'], groups: { box: ['tenant_id', 'box_id'] } },
  log: { key: ['tenant_id', 'seq'], appendOnly: true },
};

const item = (id: string, box = 'box-1'): Tables['items'] => ({
  tenant_id: 't1',
  item_id: id,
  box_id: box,
  count: 1,
  price: 9_007_199_254_740,
  tags: ['a', 'b'],
  details: { nested: { deep: [1, 2] } },
  seen_at: '2026-03-01T10:00:00.000Z',
});

describe('Row store: what projections read and write, loaded and written in bulk', () => {
  let db: Kysely<Tables>;
  let queries: string[];

  before(async () => {
    const pool = new pg.Pool({ connectionString: await createTestDatabase('row_store') });
    pool.on('error', () => undefined);
    queries = [];
    db = new Kysely<Tables>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === 'query') queries.push(event.query.sql);
      },
    });
  });

  beforeEach(async () => {
    for (const schema of ['public', 'staged']) {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      await sql`drop table if exists ${sql.id(schema, 'items')}, ${sql.id(schema, 'log')}`.execute(db);
      await sql`
        create table ${sql.id(schema, 'items')} (
          tenant_id text not null, item_id text not null, box_id text not null, count integer not null,
          price bigint not null, tags text[] not null, details jsonb not null, seen_at timestamptz not null,
          primary key (tenant_id, item_id))`.execute(db);
      await sql`create index on ${sql.id(schema, 'items')} (tenant_id, box_id)`.execute(db);
      await sql`
        create table ${sql.id(schema, 'log')} (
          tenant_id text not null, seq text not null, text text not null, primary key (tenant_id, seq))`.execute(
        db,
      );
    }
    queries.length = 0;
  });

  after(async () => {
    await db.destroy();
  });

  const batch = async <T>(work: (rows: ReturnType<typeof createRowStore<Tables>>) => Promise<T>) =>
    db.transaction().execute(async (trx) => {
      const rows = createRowStore<Tables>(trx, specs);
      const result = await work(rows);
      await rows.flush();
      return result;
    });

  it('writes whole rows and reads them back as JSON values: bigints, arrays, jsonb and instants', async () => {
    await batch(async (rows) => rows.put('items', item('i1')));
    const stored = await batch((rows) => rows.get('items', { tenant_id: 't1', item_id: 'i1' }));
    expect(stored).to.include({ box_id: 'box-1', count: 1, price: 9_007_199_254_740 });
    expect(stored?.tags).to.deep.equal(['a', 'b']);
    expect(stored?.details).to.deep.equal({ nested: { deep: [1, 2] } });
    expect(Date.parse(stored?.seen_at ?? '')).to.equal(Date.parse('2026-03-01T10:00:00.000Z'));
    expect(await batch((rows) => rows.get('items', { tenant_id: 't1', item_id: 'nope' }))).to.equal(
      undefined,
    );
  });

  it('updates a row from its current values, and leaves a missing row missing as SQL UPDATE would', async () => {
    await batch(async (rows) => rows.put('items', item('i1')));
    const changed = await batch(async (rows) => {
      await rows.update('items', { tenant_id: 't1', item_id: 'i1' }, (row) => ({ count: row.count + 1 }));
      await rows.update('items', { tenant_id: 't1', item_id: 'i1' }, (row) => ({ count: row.count + 1 }));
      return rows.update('items', { tenant_id: 't1', item_id: 'ghost' }, { count: 5 });
    });
    expect(changed).to.equal(false);
    const { rows } = await sql<{ item_id: string; count: number }>`select item_id, count from items`.execute(
      db,
    );
    expect(rows).to.deep.equal([{ item_id: 'i1', count: 3 }]);
  });

  it('inserts only when absent, deletes, and puts back a row deleted in the same batch', async () => {
    await batch(async (rows) => {
      rows.put('items', item('i1'));
      rows.put('items', item('i2'));
    });
    const inserted = await batch(async (rows) => {
      const again = await rows.insertIfAbsent('items', { ...item('i1'), count: 99 });
      const fresh = await rows.insertIfAbsent('items', item('i3'));
      await rows.delete('items', { tenant_id: 't1', item_id: 'i2' });
      await rows.delete('items', { tenant_id: 't1', item_id: 'i3' });
      rows.put('items', { ...item('i3'), count: 7 });
      return [again, fresh];
    });
    expect(inserted).to.deep.equal([false, true]);
    const { rows } = await sql<{ item_id: string; count: number }>`
      select item_id, count from items order by item_id`.execute(db);
    expect(rows).to.deep.equal([
      { item_id: 'i1', count: 1 },
      { item_id: 'i3', count: 7 },
    ]);
  });

  it('lists a group from the database and the batch, without rows deleted or moved to another group', async () => {
    await batch(async (rows) => {
      for (const id of ['i1', 'i2', 'i3']) rows.put('items', item(id, 'box-1'));
      rows.put('items', item('i9', 'box-2'));
    });
    const listed = await batch(async (rows) => {
      rows.put('items', item('i4', 'box-1'));
      await rows.delete('items', { tenant_id: 't1', item_id: 'i2' });
      await rows.update('items', { tenant_id: 't1', item_id: 'i3' }, { box_id: 'box-2' });
      const box1 = await rows.list('items', 'box', { tenant_id: 't1', box_id: 'box-1' });
      const box2 = await rows.list('items', 'box', { tenant_id: 't1', box_id: 'box-2' });
      return [box1.map((row) => row.item_id).sort(), box2.map((row) => row.item_id).sort()];
    });
    expect(listed).to.deep.equal([
      ['i1', 'i4'],
      ['i3', 'i9'],
    ]);
  });

  it('loads every named row in one query per table, then answers from memory', async () => {
    await batch(async (rows) => {
      for (let i = 0; i < 50; i += 1) rows.put('items', item(`i${i}`));
    });
    queries.length = 0;
    await db.transaction().execute(async (trx) => {
      const rows = createRowStore<Tables>(trx, specs);
      const keys = Array.from({ length: 60 }, (_, i) => ({ tenant_id: 't1', item_id: `i${i}` }));
      await rows.load(keys.map((key) => ({ table: 'items' as const, key })));
      const loaded = queries.length;
      const found = await Promise.all(keys.map((key) => rows.get('items', key)));
      expect(found.filter(Boolean)).to.have.length(50);
      expect(queries.length, 'no query after the load, even for the ten missing rows').to.equal(loaded);
    });
    expect(queries.filter((query) => query.includes('jsonb_to_recordset'))).to.have.length(1);
  });

  it('appends to a log without reading it, keeps the first of a repeated key, and refuses reads of it', async () => {
    await batch(async (rows) => {
      rows.append('log', { tenant_id: 't1', seq: '1', text: 'first' });
      rows.append('log', { tenant_id: 't1', seq: '1', text: 'again' });
      rows.append('log', { tenant_id: 't1', seq: '2', text: 'second' });
    });
    const { rows } = await sql<{ seq: string; text: string }>`select seq, text from log order by seq`.execute(
      db,
    );
    expect(rows).to.deep.equal([
      { seq: '1', text: 'first' },
      { seq: '2', text: 'second' },
    ]);
    await db.transaction().execute(async (trx) => {
      const store = createRowStore<Tables>(trx, specs);
      let refused: unknown;
      await store.get('log', { tenant_id: 't1', seq: '1' }).catch((error: unknown) => {
        refused = error;
      });
      expect(String(refused)).to.include('append-only');
      expect(() => store.append('items', item('i1'))).to.throw('not append-only');
    });
  });

  it('writes to the schema it is given, leaving the current one alone (a rebuild)', async () => {
    await db.transaction().execute(async (trx) => {
      const rows = createRowStore<Tables>(trx, specs, 'staged');
      rows.put('items', item('i1'));
      rows.append('log', { tenant_id: 't1', seq: '1', text: 'staged' });
      await rows.flush();
    });
    const count = async (schema: string) => {
      const { rows } = await sql<{ n: number }>`
        select (select count(*) from ${sql.id(schema, 'items')})::int
             + (select count(*) from ${sql.id(schema, 'log')})::int as n`.execute(db);
      return rows[0]?.n;
    };
    expect(await count('staged')).to.equal(2);
    expect(await count('public')).to.equal(0);
  });
});
