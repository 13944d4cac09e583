import type { Kysely } from 'kysely';
import type { z } from 'zod';

/** Who is calling, as authentication resolved it: the account, the tenant it acts in, its roles there. */
export interface ReadCaller {
  accountId: string;
  tenantId: string;
  roles: readonly string[];
  /** The person an employee's account stands for, if any. */
  personId: string | null;
  /** Every role the account holds and where (tenantId null: every tenant). */
  grants: readonly { role: string; tenantId: string | null }[];
}

/** What `?asOf=` asks for: one aggregate of the caller's tenant as it stood at a date. */
export interface PointInTimeQuery {
  tenantId: string;
  kind: 'device' | 'person' | 'ticket' | 'process';
  id: string;
  asOf: Date;
}

/**
 * The aggregate's state as of the date, computed from its events (audit/, which read-api/ may not import:
 * app/ passes it in); undefined when it did not exist yet then, or is another tenant's.
 */
export type PointInTimeReader = (query: PointInTimeQuery) => Promise<object | undefined>;

/**
 * One access to the full history as the read API records it: a state as of a date, a verification, an export.
 * `target` is `history` (the tenant's whole history) or the stream looked at (`device-<uuid>`).
 */
export interface HistoryAccess {
  action: 'verified' | 'exported' | 'viewed_state' | 'rebuilt_as_of';
  target: string;
  asOf?: Date;
  result: 'ok' | 'problems_found' | 'not_found';
  events?: number;
  problems?: number;
  detail?: string;
}

/**
 * Records the access as an event of its own, with the caller as its actor (a command, which read-api/ may not
 * import: app/ passes it in). Auditors' reads are part of the history they read (issue 7).
 */
export type AccessRecorder = (caller: ReadCaller, access: HistoryAccess) => Promise<void>;

export interface QueryContext<Params, Query> {
  // biome-ignore lint/suspicious/noExplicitAny: one handle serves every read model's tables
  db: Kysely<any>;
  caller: ReadCaller;
  params: Params;
  query: Query;
  now: Date;
  pointInTime: PointInTimeReader;
  recordAccess: AccessRecorder;
}

/** A CSV rendering of a route's answer. */
export interface CsvExport<Result> {
  /** File name offered to the browser, without the extension. */
  filename: string;
  columns: readonly string[];
  rows(result: Result): Iterable<object>;
}

/** One GET endpoint over the read models. */
export interface QueryRoute<Params = unknown, Query = unknown, Result = unknown> {
  operationId: string;
  /** OpenAPI-style path under /api/v1, e.g. `/devices/{deviceId}`. */
  path: string;
  summary: string;
  /** More than the summary says, for the API documentation (e.g. another answer shape under a parameter). */
  description?: string;
  tag: string;
  /** Roles that may call it; others get 403 (or 404 for a single item that is not theirs). */
  roles: readonly string[];
  /** The path's parameters (strict). */
  params?: z.ZodType<Params>;
  /** The query string (strict: unknown parameters are refused). */
  query?: z.ZodType<Query>;
  /**
   * The answer spans every tenant the account works for, so the request need not name one: `run` must read
   * `caller.grants`, not `caller.tenantId` (empty when no tenant was named), and `roles` are every role the
   * account holds anywhere.
   */
  acrossTenants?: boolean;
  /** The projections the answer comes from: `?after=<checkpoint>` waits until they have passed it. */
  projections: readonly string[];
  /** The answer; undefined means "not found" (404), also for another tenant's or another person's item. */
  run(context: QueryContext<Params, Query>): Promise<Result | undefined>;
  csv?: CsvExport<Result>;
}

/** Keeps a route's types tied to its schemas. */
export const defineQuery = <Params, Query, Result>(
  route: QueryRoute<Params, Query, Result>,
): QueryRoute<Params, Query, Result> => route;

/** True when the caller holds no role but employee in this tenant: they see only their own things. */
export const onlyEmployee = (caller: ReadCaller) => caller.roles.every((role) => role === 'employee');
