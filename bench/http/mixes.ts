import type { IncomingHttpHeaders } from 'node:http';
import type autocannon from 'autocannon';
import { newId } from '../../commands/index.js';
import { seededRandom } from '../scale/tenant-history.js';
import { baselinePath } from './baseline-route.js';
import type { NamedRequest } from './load.js';
import type { TenantIds } from './prepare.js';

/** What the mixes need: the tenants' ids, the callers' Bearer tokens and the months the cost report asks for. */
export interface MixWorld {
  tenants: readonly TenantIds[];
  /**
   * Bearer tokens of the sessions of an msp_admin (every tenant), a technician (every seeded tenant) and a
   * client manager per tenant: several sessions per account, as several people or browser tabs would have.
   */
  sessions: {
    admin: readonly string[];
    technician: readonly string[];
    managers: readonly (readonly string[])[];
  };
  months: { fromMonth: string; toMonth: string };
}

/** Who a cycle of requests runs as, in which tenant, about which device and person. */
interface Visit {
  headers: IncomingHttpHeaders;
  deviceId: string;
  personId: string;
}

const pickFrom = <T>(random: () => number, items: readonly T[]) =>
  items[Math.floor(random() * items.length)] as T;

/** Hands out an account's sessions in turn, so requests running at the same time mostly use different ones. */
const rotate = () => {
  const next = new Map<readonly string[], number>();
  return (sessions: readonly string[]) => {
    const n = next.get(sessions) ?? 0;
    next.set(sessions, n + 1);
    return `Bearer ${sessions[n % sessions.length]}`;
  };
};

/**
 * Draws the next visit from a seeded sequence: a random tenant, seen every other time by its client manager
 * (home tenant, no header) and by the MSP administrator naming it in X-Tenant-Id.
 */
const visits = (world: MixWorld, seed: number) => {
  const random = seededRandom(seed);
  const bearer = rotate();
  let count = 0;
  return (): Visit => {
    const index = Math.floor(random() * world.tenants.length);
    const tenant = world.tenants[index] as TenantIds;
    count += 1;
    const headers: IncomingHttpHeaders =
      count % 2 === 0
        ? { authorization: bearer(world.sessions.managers[index] as readonly string[]) }
        : { authorization: bearer(world.sessions.admin), 'x-tenant-id': tenant.tenantId };
    return {
      headers,
      deviceId: pickFrom(random, tenant.devices),
      personId: pickFrom(random, tenant.people),
    };
  };
};

/** What one connection keeps through a cycle of requests; autocannon starts each cycle with a fresh one. */
type Context = { visit?: Visit; ticketId?: string; bearer?: string };

/** A GET whose path and headers come from the cycle's visit (the first request of a cycle draws it). */
const get = (name: string, path: (visit: Visit) => string, next?: () => Visit): NamedRequest => ({
  name,
  method: 'GET',
  setupRequest: (request: autocannon.Request, context: object) => {
    const ctx = context as Context;
    if (next) ctx.visit = next();
    const visit = ctx.visit;
    if (!visit) return undefined as unknown as autocannon.Request;
    return { ...request, path: `/api/v1${path(visit)}`, headers: { ...request.headers, ...visit.headers } };
  },
});

/** The baseline endpoint: one raw SQL round trip behind the same authentication, for the same callers. */
export const baselineMix = (world: MixWorld): NamedRequest[] => [
  get('baseline', () => baselinePath, visits(world, 1)),
];

/**
 * What the panel asks while a client manager or the MSP looks around one tenant: the dashboard, the first page
 * of devices, a device's card and timeline, the first page of tickets, a person's card, the first page of
 * processes, and the last twelve months' cost report.
 */
export const queryMix = (world: MixWorld): NamedRequest[] => {
  const { fromMonth, toMonth } = world.months;
  return [
    get('dashboard', () => '/dashboard', visits(world, 1)),
    get('device list page', () => '/devices?limit=50'),
    get('device card', (v) => `/devices/${v.deviceId}`),
    get('device timeline', (v) => `/devices/${v.deviceId}/timeline?limit=50`),
    get('ticket list', () => '/tickets?limit=50'),
    get('person card', (v) => `/people/${v.personId}`),
    get('process list', () => '/processes?limit=50'),
    get('cost report', () => `/reports/costs?fromMonth=${fromMonth}&toMonth=${toMonth}`),
  ];
};

/**
 * A technician working tickets in one tenant: each cycle opens a ticket for an active person (about the device
 * they hold, if any), starts work on it, comments, logs work and resolves it. Ids are made by the client
 * (UUIDv7, as the panel does), so each connection works on its own ticket and no two commands race.
 */
export const commandMix = (world: MixWorld): NamedRequest[] => {
  const tenant = world.tenants[0] as TenantIds;
  const random = seededRandom(2);
  const bearer = rotate();
  const headers = (ctx: Context): IncomingHttpHeaders => ({
    authorization: ctx.bearer,
    'x-tenant-id': tenant.tenantId,
    'content-type': 'application/json',
  });
  const post = (
    name: string,
    path: (ticketId: string) => string,
    body: (ctx: Context) => object,
  ): NamedRequest => ({
    name,
    method: 'POST',
    setupRequest: (request: autocannon.Request, context: object) => {
      const ctx = context as Context;
      if (!ctx.ticketId) return undefined as unknown as autocannon.Request;
      return {
        ...request,
        path: `/api/v1${path(ctx.ticketId)}`,
        headers: { ...request.headers, ...headers(ctx) },
        body: JSON.stringify(body(ctx)),
      };
    },
  });
  return [
    {
      name: 'open ticket',
      method: 'POST',
      setupRequest: (request: autocannon.Request, context: object) => {
        const ctx = context as Context;
        const requester = pickFrom(random, tenant.requesters);
        ctx.ticketId = newId();
        ctx.bearer = bearer(world.sessions.technician);
        return {
          ...request,
          path: '/api/v1/tickets',
          headers: { ...request.headers, ...headers(ctx) },
          body: JSON.stringify({
            ticketId: ctx.ticketId,
            requesterId: requester.personId,
            deviceId: requester.deviceId,
            category: pickFrom(random, ['incident', 'request', 'question']),
            priority: pickFrom(random, ['P1', 'P2', 'P3', 'P3', 'P4']),
            title: 'Laptop does not connect to the VPN',
            description: 'Since this morning the VPN client says the certificate has expired.',
          }),
        };
      },
    },
    post(
      'start ticket work',
      (id) => `/tickets/${id}/start`,
      () => ({}),
    ),
    post(
      'comment on ticket',
      (id) => `/tickets/${id}/comments`,
      () => ({ commentId: newId(), visibility: 'public', body: 'We are looking into it.' }),
    ),
    post(
      'log ticket work',
      (id) => `/tickets/${id}/work-logs`,
      () => ({ workLogId: newId(), minutes: 15 + Math.floor(random() * 60), billable: true, note: '' }),
    ),
    post(
      'resolve ticket',
      (id) => `/tickets/${id}/resolve`,
      () => ({ resolution: 'Certificate renewed.' }),
    ),
  ];
};
