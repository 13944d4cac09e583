import type { ReadCaller } from './query-route.js';

/** Who works the IT team's queue: the roles that do process tasks and move tickets. */
export const queueWorkers = ['technician', 'msp_admin'] as const;

/** The tenants whose work is in the caller's queue: every tenant, or those it holds a worker role in. */
export const queueTenantsOf = (grants: ReadCaller['grants']): 'all' | string[] => {
  const working = grants.filter((grant) => (queueWorkers as readonly string[]).includes(grant.role));
  if (working.some((grant) => grant.tenantId === null)) return 'all';
  return [...new Set(working.flatMap((grant) => (grant.tenantId === null ? [] : [grant.tenantId])))];
};
