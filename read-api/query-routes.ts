import { z } from 'zod';
import {
  accountCard,
  auditLog,
  costReport,
  costsBy,
  dashboard,
  decisionsWaiting,
  deviceCard,
  deviceTimeline,
  deviceTotalCost,
  licenceMonths,
  listAccounts,
  listApiTokens,
  listDevices,
  listOrganizations,
  listPeople,
  listProcesses,
  listScenarios,
  listTickets,
  organizationCard,
  personCard,
  processCard,
  replacementPlan,
  technicianQueue,
  technicianWorkload,
  ticketCard,
  ticketComments,
  ticketWorkLogs,
} from '../projections/index.js';
import { grantedTenants, queueTenantsOf, queueWorkers } from './granted-tenants.js';
import {
  defineQuery,
  onlyEmployee,
  type PointInTimeQuery,
  type QueryContext,
  type QueryRoute,
  type ReadCaller,
} from './query-route.js';
import { ReadApiError } from './read-api-error.js';

const clientSide = ['client_manager', 'technician', 'msp_admin', 'auditor'] as const;
const everyone = [...clientSide, 'employee'] as const;
const money = ['client_manager', 'msp_admin', 'auditor'] as const;
const history = ['client_manager', 'msp_admin', 'auditor'] as const;

const id = z.uuid();
const page = {
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
};
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'not a month (YYYY-MM)');
const week = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'not an ISO week (YYYY-Www)');
const monthRange = { fromMonth: month, toMonth: month };

const isoDateOrTime = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** A calendar day that exists (JavaScript's Date silently turns 2026-02-30 into March 2). */
const realDay = (value: string) => {
  const day = value.slice(0, 10);
  const parsed = new Date(day);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
};
/** An instant to look back at: an ISO date (meaning its start, 00:00 UTC) or a date-time with its offset. */
export const asOfInstant = z
  .string()
  .regex(isoDateOrTime, {
    message: 'not an ISO date (YYYY-MM-DD) or date-time with offset (YYYY-MM-DDThh:mm:ssZ)',
    abort: true,
  })
  .refine((value) => realDay(value) && !Number.isNaN(Date.parse(value)), 'not a real date')
  .transform((value) => new Date(value));
/** `?asOf=` on the cards. */
const asOf = asOfInstant
  .describe(
    'Answer the state as it stood at this instant, computed from the events (client_manager, msp_admin, auditor)',
  )
  .optional();
const asOfDescription = (card: string) =>
  `Without \`asOf\`: the ${card} from the read models. With \`asOf=<ISO date or date-time>\` (a date means 00:00 UTC; ` +
  'roles client_manager, msp_admin and auditor only, others 403): the state as it stood then, folded from the ' +
  'events recorded up to that instant, shaped `{ kind, id, asOf, state, eventCount, lastEventAt, lastCheckpoint }`; ' +
  '404 when it did not exist yet; 400 when asOf is in the future.';

/**
 * The answer to `?asOf=`. Only the readers of the full history get it: the state as of a date shows what the
 * card hides from an employee (who held the device before them) and what the audit log holds back from a
 * technician (the history itself), so the option follows the audit log's roles, not the card's.
 */
const pointInTimeAnswer = async (
  { caller, now, pointInTime, recordAccess }: QueryContext<unknown, unknown>,
  kind: PointInTimeQuery['kind'],
  id: string,
  at: Date,
) => {
  if (!caller.roles.some((role) => (history as readonly string[]).includes(role))) {
    throw new ReadApiError(
      403,
      'ROLE_NOT_ALLOWED',
      `${caller.roles.join(', ')} may not see a ${kind} as of a date (the full history is for ${history.join(', ')})`,
    );
  }
  if (at.getTime() > now.getTime()) {
    throw new ReadApiError(400, 'QUERY_INVALID', 'Invalid query', [
      { path: 'query.asOf', message: 'in the future: the history ends now' },
    ]);
  }
  const state = await pointInTime({ tenantId: caller.tenantId, kind, id, asOf: at });
  // Looking, also at what was not there, is an access: recorded before the answer leaves.
  await recordAccess(caller, {
    action: 'viewed_state',
    target: `${kind}-${id}`,
    asOf: at,
    result: state ? 'ok' : 'not_found',
  });
  return state;
};

/** Without the undefined fields, for the queries' optional filters under exactOptionalPropertyTypes. */
const defined = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };

/** The person an employee may see things of: their own; everyone else is not limited. */
const ownPerson = (caller: ReadCaller) => (onlyEmployee(caller) ? (caller.personId ?? '') : undefined);
const mayOnlySee = (caller: ReadCaller, personId: string | null | undefined) =>
  !onlyEmployee(caller) || (caller.personId !== null && personId === caller.personId);

const tenants = defineQuery({
  operationId: 'listTenants',
  path: '/tenants',
  summary: 'List the tenants the caller may act in',
  tag: 'tenants',
  roles: [...everyone],
  projections: ['organizations'],
  query: z.strictObject({}),
  run: async ({ db, caller }) => ({ items: await listOrganizations(db, grantedTenants(caller.grants)) }),
});

const organization = defineQuery({
  operationId: 'getOrganization',
  path: '/organization',
  summary: "Show the tenant's company: name, currency, time zone, SLA policy",
  tag: 'tenants',
  roles: [...everyone],
  projections: ['organizations'],
  query: z.strictObject({}),
  run: ({ db, caller }) => organizationCard(db, caller.tenantId),
});

const dashboardRoute = defineQuery({
  operationId: 'getDashboard',
  path: '/dashboard',
  summary: 'Show the status dashboard',
  tag: 'reports',
  roles: [...clientSide],
  projections: ['devices', 'tickets', 'processes', 'costs'],
  query: z.strictObject({}),
  run: ({ db, caller, now }) => dashboard(db, caller.tenantId, now),
});

const devices = defineQuery({
  operationId: 'listDevices',
  path: '/devices',
  summary: 'List devices',
  tag: 'devices',
  roles: [...everyone],
  projections: ['devices'],
  query: z.strictObject({
    status: z.enum(['in_stock', 'assigned', 'in_service', 'retired', 'lost']).optional(),
    kind: z.string().max(50).optional(),
    holderId: id.optional(),
    search: z.string().min(1).max(100).optional(),
    ...page,
  }),
  run: ({ db, caller, query }) =>
    listDevices(db, caller.tenantId, defined({ ...query, holderId: ownPerson(caller) ?? query.holderId })),
  csv: {
    filename: 'devices',
    columns: [
      'device_id',
      'asset_tag',
      'serial_number',
      'kind',
      'model',
      'vendor',
      'status',
      'holder_id',
      'purchase_date',
      'warranty_end',
    ],
    rows: (result) => result.items,
  },
});

const deviceParams = z.strictObject({ deviceId: id });
/** The device, if the caller may see it (an employee: only a device they hold). */
const visibleDevice = async (db: Parameters<typeof deviceCard>[0], caller: ReadCaller, deviceId: string) => {
  const device = await deviceCard(db, caller.tenantId, deviceId);
  return device && mayOnlySee(caller, device.holder_id) ? device : undefined;
};

const device = defineQuery({
  operationId: 'getDevice',
  path: '/devices/{deviceId}',
  summary: 'Show a device card with its total cost, or its state as of a date',
  description: asOfDescription('device card with its total cost'),
  tag: 'devices',
  roles: [...everyone],
  projections: ['devices', 'costs'],
  params: deviceParams,
  query: z.strictObject({ asOf }),
  run: async (context) => {
    const { db, caller, params, query } = context;
    if (query.asOf) return pointInTimeAnswer(context, 'device', params.deviceId, query.asOf);
    const card = await visibleDevice(db, caller, params.deviceId);
    if (!card) return undefined;
    return { ...card, totalCost: await deviceTotalCost(db, caller.tenantId, params.deviceId) };
  },
});

const timeline = defineQuery({
  operationId: 'getDeviceTimeline',
  path: '/devices/{deviceId}/timeline',
  summary: "Show a device's lifecycle and holders over time",
  tag: 'devices',
  roles: [...everyone],
  projections: ['devices'],
  params: deviceParams,
  query: z.strictObject(page),
  run: async ({ db, caller, params, query }) =>
    (await visibleDevice(db, caller, params.deviceId))
      ? deviceTimeline(db, caller.tenantId, params.deviceId, defined(query))
      : undefined,
});

const people = defineQuery({
  operationId: 'listPeople',
  path: '/people',
  summary: 'List people (a directory: with the phone number, without the notes)',
  tag: 'people',
  roles: [...clientSide],
  projections: ['people'],
  query: z.strictObject({
    status: z.enum(['planned', 'active', 'leaving', 'departed']).optional(),
    search: z.string().min(1).max(100).optional(),
    ...page,
  }),
  run: ({ db, caller, query }) => listPeople(db, caller.tenantId, defined(query)),
  csv: {
    filename: 'people',
    columns: ['person_id', 'name', 'email', 'phone', 'department', 'cost_centre', 'status'],
    rows: (result) => result.items,
  },
});

const person = defineQuery({
  operationId: 'getPerson',
  path: '/people/{personId}',
  summary: 'Show a person card: devices now and ever held, accesses; or their state as of a date',
  description: asOfDescription('person card'),
  tag: 'people',
  roles: [...everyone],
  projections: ['people'],
  params: z.strictObject({ personId: id }),
  query: z.strictObject({ asOf }),
  run: (context) => {
    const { db, caller, params, query } = context;
    if (query.asOf) return pointInTimeAnswer(context, 'person', params.personId, query.asOf);
    return mayOnlySee(caller, params.personId)
      ? personCard(db, caller.tenantId, params.personId)
      : Promise.resolve(undefined);
  },
});

const tickets = defineQuery({
  operationId: 'listTickets',
  path: '/tickets',
  summary: 'List tickets with their SLA state (status=open: all but resolved and closed)',
  tag: 'tickets',
  roles: [...everyone],
  projections: ['tickets'],
  query: z.strictObject({
    /** One status, or `open`: any but resolved and closed. */
    status: z.enum(['open', 'new', 'in_progress', 'waiting_for_client', 'resolved', 'closed']).optional(),
    priority: z.enum(['P1', 'P2', 'P3', 'P4']).optional(),
    assigneeId: z.string().min(1).max(100).optional(),
    requesterId: id.optional(),
    slaState: z.enum(['met', 'breached', 'at_risk', 'on_track', 'paused']).optional(),
    ...page,
  }),
  run: ({ db, caller, query, now }) =>
    listTickets(
      db,
      caller.tenantId,
      defined({ ...query, requesterId: ownPerson(caller) ?? query.requesterId }),
      now,
    ),
  csv: {
    filename: 'tickets',
    columns: [
      'ticket_id',
      'title',
      'category',
      'priority',
      'status',
      'requester_id',
      'device_id',
      'assignee_id',
      'opened_at',
      'sla_state',
    ],
    rows: (result) => result.items,
  },
});

/** Who reads internal comments: the IT team that writes them, and auditors, who see the full history. */
const internalCommentReaders = ['technician', 'msp_admin', 'auditor'] as const;
/**
 * Who reads a ticket's work log: the IT team and auditors, and the client manager, whose company is billed
 * for that time and who sees its costs anyway. Not an employee: the entries are the IT team's working notes
 * and billing, not part of the conversation with the requester (the card's minute totals stay visible).
 */
const workLogReaders = [...internalCommentReaders, 'client_manager'] as const;
const holdsAny = (caller: ReadCaller, roles: readonly string[]) =>
  caller.roles.some((role) => roles.includes(role));

const ticket = defineQuery({
  operationId: 'getTicket',
  path: '/tickets/{ticketId}',
  summary: 'Show a ticket with its SLA clock, its conversation and its work log, or its state as of a date',
  description: asOfDescription('ticket with its conversation and work log'),
  tag: 'tickets',
  roles: [...everyone],
  projections: ['tickets'],
  params: z.strictObject({ ticketId: id }),
  query: z.strictObject({ asOf }),
  /**
   * `comments`: the conversation in time order, internal comments only for the IT team and auditors.
   * `workLogs`: only for the roles of `workLogReaders`; left out (not empty) for anyone else.
   */
  run: async (context) => {
    const { db, caller, params, query, now } = context;
    if (query.asOf) return pointInTimeAnswer(context, 'ticket', params.ticketId, query.asOf);
    const { tenantId } = caller;
    const card = await ticketCard(db, tenantId, params.ticketId, now);
    if (!card || !mayOnlySee(caller, card.requester_id)) return undefined;
    const includeInternal = holdsAny(caller, internalCommentReaders);
    const comments = await ticketComments(db, tenantId, params.ticketId, { includeInternal });
    if (!holdsAny(caller, workLogReaders)) return { ...card, comments };
    return { ...card, comments, workLogs: await ticketWorkLogs(db, tenantId, params.ticketId) };
  },
});

const processes = defineQuery({
  operationId: 'listProcesses',
  path: '/processes',
  summary: 'List processes with their progress',
  tag: 'processes',
  roles: [...everyone],
  projections: ['processes'],
  query: z.strictObject({
    status: z.enum(['running', 'completed', 'rejected', 'cancelled']).optional(),
    kind: z.string().max(50).optional(),
    personId: id.optional(),
    ...page,
  }),
  run: ({ db, caller, query }) =>
    listProcesses(db, caller.tenantId, defined({ ...query, personId: ownPerson(caller) ?? query.personId })),
  csv: {
    filename: 'processes',
    columns: [
      'process_id',
      'scenario_id',
      'scenario_kind',
      'title_en',
      'status',
      'person_id',
      'started_by',
      'started_at',
      'finished_at',
    ],
    rows: (result) => result.items,
  },
});

const processRoute = defineQuery({
  operationId: 'getProcess',
  path: '/processes/{processId}',
  summary:
    'Show a process with its steps, their effects and what waits for the client, or its state as of a date',
  description: asOfDescription('process card'),
  tag: 'processes',
  roles: [...everyone],
  // The steps name the devices and accesses their effects are about, from those read models.
  projections: ['processes', 'devices', 'people'],
  params: z.strictObject({ processId: id }),
  query: z.strictObject({ asOf }),
  run: async (context) => {
    const { db, caller, params, query } = context;
    if (query.asOf) return pointInTimeAnswer(context, 'process', params.processId, query.asOf);
    const card = await processCard(db, caller.tenantId, params.processId);
    return card && mayOnlySee(caller, card.process.person_id) ? card : undefined;
  },
});

const decisions = defineQuery({
  operationId: 'listDecisionsWaiting',
  path: '/decisions',
  summary: 'List the decisions waiting for the client',
  tag: 'processes',
  roles: [...clientSide],
  projections: ['processes'],
  query: z.strictObject({ limit: page.limit }),
  run: async ({ db, caller, query }) => ({ items: await decisionsWaiting(db, caller.tenantId, query.limit) }),
});

const scenarios = defineQuery({
  operationId: 'listScenarios',
  path: '/scenarios',
  summary: 'List the scenarios a process can start from',
  tag: 'processes',
  roles: [...clientSide],
  projections: ['scenarios'],
  query: z.strictObject({}),
  run: async ({ db, caller }) => ({ items: await listScenarios(db, caller.tenantId) }),
});

const costReportRoute = defineQuery({
  operationId: 'getCostReport',
  path: '/reports/costs',
  summary: 'Report costs by month and category',
  tag: 'reports',
  roles: [...money],
  projections: ['costs'],
  query: z.strictObject(monthRange),
  run: async ({ db, caller, query }) => ({ items: await costReport(db, caller.tenantId, query) }),
  csv: {
    filename: 'cost-report',
    columns: ['month', 'category', 'currency', 'amount', 'entries'],
    rows: (result) => result.items,
  },
});

const costsByRoute = defineQuery({
  operationId: 'getCostsBy',
  path: '/reports/costs/by/{dimension}',
  summary: 'Report costs by cost centre, person or device',
  tag: 'reports',
  roles: [...money],
  projections: ['costs'],
  params: z.strictObject({ dimension: z.enum(['cost_centre', 'person', 'device']) }),
  query: z.strictObject({ ...monthRange, ...page }),
  run: ({ db, caller, params, query }) => costsBy(db, caller.tenantId, defined({ ...query, ...params })),
  csv: {
    filename: 'costs-by',
    columns: ['key', 'currency', 'amount'],
    rows: (result) => result.items,
  },
});

const licences = defineQuery({
  operationId: 'listLicenceMonths',
  path: '/reports/licences',
  summary: 'List monthly licence costs per access',
  tag: 'reports',
  roles: [...money],
  projections: ['costs'],
  query: z.strictObject({ fromMonth: month, untilMonth: month, ...page }),
  run: ({ db, caller, query }) => licenceMonths(db, caller.tenantId, defined(query)),
  csv: {
    filename: 'licences',
    columns: ['month', 'accessId', 'personId', 'system', 'costCentre', 'amount', 'currency'],
    rows: (result) => result.items,
  },
});

const replacement = defineQuery({
  operationId: 'getReplacementPlan',
  path: '/reports/replacement-plan',
  summary: 'Show the devices due for replacement and their expected cost',
  tag: 'reports',
  roles: [...clientSide],
  projections: ['replacement-plan'],
  query: z.strictObject(page),
  run: ({ db, caller, query, now }) => replacementPlan(db, caller.tenantId, now, defined(query)),
  csv: {
    filename: 'replacement-plan',
    columns: [
      'deviceId',
      'assetTag',
      'kind',
      'model',
      'status',
      'holderId',
      'purchaseDate',
      'warrantyEnd',
      'replacementDue',
      'reasons',
      'expectedCost',
    ],
    rows: (result) => result.items,
  },
});

const workload = defineQuery({
  operationId: 'getTechnicianWorkload',
  path: '/reports/workload',
  summary: "Show the IT team's workload for the tenant",
  tag: 'reports',
  roles: ['client_manager', 'technician', 'msp_admin', 'auditor'],
  projections: ['workload'],
  query: z.strictObject({ fromWeek: week, toWeek: week }),
  run: async ({ db, caller, query }) => ({ items: await technicianWorkload(db, caller.tenantId, query) }),
});

const queue = defineQuery({
  operationId: 'getTechnicianQueue',
  path: '/queue',
  summary: "Show the IT team's queue of tasks and tickets across its tenants",
  tag: 'processes',
  roles: [...queueWorkers],
  acrossTenants: true,
  projections: ['processes', 'tickets', 'organizations'],
  query: z.strictObject({
    /** `true`: only what the caller took up or was assigned; otherwise also what nobody has yet. */
    mine: z.enum(['true', 'false']).optional(),
    limit: page.limit,
  }),
  /**
   * Ready process tasks and open tickets (not those waiting for the client) of every tenant the caller works
   * in as a technician or administrator, most urgent first: by the ticket's SLA due time or the process's
   * date, then the longest waiting. Each item names its tenant, so one list serves every company.
   */
  run: async ({ db, caller, query, now }) => {
    const items = await technicianQueue(
      db,
      queueTenantsOf(caller.grants),
      caller.accountId,
      defined({
        mine: query.mine === undefined ? undefined : query.mine === 'true',
        limit: query.limit,
      }),
      now,
    );
    return { items };
  },
});

/**
 * A client manager reads the audit log but not what the IT team wrote for itself: an internal comment's
 * event stays in the log (who, when, on which ticket), its body does not.
 */
const withoutInternalComment = <Row extends { event_type: string; data: Record<string, unknown> }>(
  row: Row,
): Row =>
  row.event_type === 'TicketCommented' && row.data.visibility === 'internal'
    ? { ...row, data: { ...row.data, body: '[redacted]' } }
    : row;

const audit = defineQuery({
  operationId: 'getAuditLog',
  path: '/audit-log',
  summary: 'Read the audit log',
  tag: 'audit',
  roles: [...history],
  projections: ['audit-log'],
  query: z.strictObject({
    stream: z.string().min(1).max(200).optional(),
    type: z.string().min(1).max(100).optional(),
    actorId: z.string().min(1).max(100).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    ...page,
    // The audit log pages by checkpoint: anything else would silently answer an empty page.
    cursor: z
      .string()
      .regex(/^\d{20}:\d{20}$/, 'not a cursor this API made (use nextCursor as given)')
      .optional(),
  }),
  run: async ({ db, caller, query }) => {
    const log = await auditLog(db, caller.tenantId, defined(query));
    return holdsAny(caller, internalCommentReaders)
      ? log
      : { ...log, items: log.items.map(withoutInternalComment) };
  },
  csv: {
    filename: 'audit-log',
    columns: ['checkpoint', 'recorded_at', 'stream_name', 'event_type', 'actor_id', 'actor_role', 'data'],
    rows: (result) => result.items,
  },
});

const accounts = defineQuery({
  operationId: 'listAccounts',
  path: '/accounts',
  summary: "List the tenant's accounts",
  tag: 'accounts',
  roles: ['msp_admin'],
  projections: ['accounts'],
  query: z.strictObject(page),
  run: ({ db, caller, query }) => listAccounts(db, caller.tenantId, defined(query)),
});

const account = defineQuery({
  operationId: 'getAccount',
  path: '/accounts/{accountId}',
  summary: 'Show an account with its roles and API tokens',
  tag: 'accounts',
  roles: ['msp_admin'],
  projections: ['accounts'],
  params: z.strictObject({ accountId: id }),
  query: z.strictObject({}),
  run: async ({ db, caller, params }) => {
    const card = await accountCard(db, caller.tenantId, params.accountId);
    if (!card) return undefined;
    return { ...card, apiTokens: await listApiTokens(db, caller.tenantId, params.accountId) };
  },
});

/** Every GET endpoint of the read API. */
export const queryRoutes = [
  tenants,
  organization,
  dashboardRoute,
  devices,
  device,
  timeline,
  people,
  person,
  tickets,
  ticket,
  processes,
  processRoute,
  decisions,
  scenarios,
  costReportRoute,
  costsByRoute,
  licences,
  replacement,
  workload,
  queue,
  audit,
  accounts,
  account,
] as unknown as readonly QueryRoute<never, never, never>[];
