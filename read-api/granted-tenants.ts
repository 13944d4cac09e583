import type { ReadCaller } from './query-route.js';

/** Who works the IT team's queue: the roles that do process tasks and move tickets. */
export const queueWorkers = ['technician', 'msp_admin'] as const;

/**
 * The tenants an account's grants reach: every tenant when one of them is for every tenant (tenantId null),
 * else the named ones. With `roles`, only the grants of those roles count.
 */
export const grantedTenants = (grants: ReadCaller['grants'], roles?: readonly string[]): 'all' | string[] => {
  const counted = roles ? grants.filter((grant) => roles.includes(grant.role)) : grants;
  if (counted.some((grant) => grant.tenantId === null)) return 'all';
  return [...new Set(counted.flatMap((grant) => (grant.tenantId === null ? [] : [grant.tenantId])))];
};

/** The tenants whose work is in the caller's queue: every tenant, or those it holds a worker role in. */
export const queueTenantsOf = (grants: ReadCaller['grants']) => grantedTenants(grants, queueWorkers);
