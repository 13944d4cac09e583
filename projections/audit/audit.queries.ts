import type { Kysely } from 'kysely';
import { type Page, pageLimit } from '../pagination.js';
import type { AuditTables } from './audit.tables.js';

export interface AuditLogFilter {
  /** The exact stream, e.g. `device-<uuid>`. */
  stream?: string;
  type?: string;
  actorId?: string;
  /** Recorded at or after this instant. */
  from?: Date;
  /** Recorded before this instant. */
  to?: Date;
  /** The checkpoint of the last row of the previous page. */
  cursor?: string;
  limit?: number;
}

/** The tenant's events in log order (by checkpoint), filtered, a page at a time. */
export const auditLog = async (db: Kysely<AuditTables>, tenantId: string, filter: AuditLogFilter = {}) => {
  const limit = pageLimit(filter.limit, 100, 1000);
  let query = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.stream) query = query.where('stream_name', '=', filter.stream);
  if (filter.type) query = query.where('event_type', '=', filter.type);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.from) query = query.where('recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('recorded_at', '<', filter.to);
  if (filter.cursor) query = query.where('checkpoint', '>', filter.cursor);
  const rows = await query
    .orderBy('checkpoint')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? last.checkpoint : undefined,
  } satisfies Page<(typeof rows)[number]>;
};
