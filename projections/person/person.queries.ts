import { type Kysely, sql } from 'kysely';
import { decodeCursor as decode, pageLimit, pageOf } from '../pagination.js';
import type { PersonTables } from './person.tables.js';

export interface PersonListFilter {
  status?: string;
  /** Matches anywhere in the name, or the start of the e-mail address, ignoring case. */
  search?: string;
  cursor?: string;
  limit?: number;
}

/**
 * The tenant's people ordered by name, a page at a time (keyset on name and id). A directory: with the phone
 * number, without the notes, which are for the person card.
 */
export const listPeople = async (
  db: Kysely<PersonTables>,
  tenantId: string,
  filter: PersonListFilter = {},
) => {
  const limit = pageLimit(filter.limit);
  let query = db.selectFrom('person_list').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.search) {
    const escaped = filter.search.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', `%${escaped}%`), eb('email', 'ilike', `${escaped}%`)]),
    );
  }
  if (filter.cursor) {
    const [name, personId] = decode(filter.cursor) as [string, string];
    query = query.where(sql<boolean>`(name, person_id) > (${name}, ${personId})`);
  }
  const rows = await query
    .orderBy('name')
    .orderBy('person_id')
    .limit(limit + 1)
    .execute();
  // Every column rather than a list of them: a table of an older version serves while its rebuild runs.
  const listed = rows.map(({ notes: _, ...person }) => person);
  return pageOf(listed, limit, (last) => [last.name, last.person_id]);
};

/** A device a person held at some time, with each stretch they held it (`until` null: still holds it). */
export interface HeldDevice {
  deviceId: string;
  periods: Array<{ from: Date; until: Date | null; endedBy: string | null }>;
}

/**
 * One person of the tenant with everything the person card shows, or undefined (also for another
 * tenant's person). `devicesEver` lists each device once, in the order first held, with its holding periods
 * oldest first. `ticketIds` are the tickets the person requested, `processIds` the processes whose start
 * parameter `personId` names them (onboarding, offboarding, …); both oldest first.
 */
export const personCard = async (db: Kysely<PersonTables>, tenantId: string, personId: string) => {
  const person = await db
    .selectFrom('person_list')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!person) return undefined;
  const [periods, accesses, links] = await Promise.all([
    db
      .selectFrom('person_device_periods')
      .select(['device_id', 'held_from', 'held_until', 'ended_by'])
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .orderBy('start_checkpoint')
      .execute(),
    db
      .selectFrom('person_accesses')
      .select(['access_id', 'system', 'monthly_cost', 'currency', 'granted_at', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .orderBy('granted_at')
      .orderBy('access_id')
      .execute(),
    db
      .selectFrom('person_links')
      .select(['kind', 'ref_id'])
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .orderBy('checkpoint')
      .execute(),
  ]);
  const devicesEver = new Map<string, HeldDevice>();
  for (const period of periods) {
    const held = devicesEver.get(period.device_id) ?? { deviceId: period.device_id, periods: [] };
    held.periods.push({ from: period.held_from, until: period.held_until, endedBy: period.ended_by });
    devicesEver.set(period.device_id, held);
  }
  return {
    person,
    devicesNow: periods.filter((p) => p.held_until === null).map((p) => p.device_id),
    devicesEver: [...devicesEver.values()],
    accesses,
    ticketIds: links.filter((l) => l.kind === 'ticket').map((l) => l.ref_id),
    processIds: links.filter((l) => l.kind === 'process').map((l) => l.ref_id),
  };
};
