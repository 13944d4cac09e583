import type { Kysely, Selectable } from 'kysely';
import type { OrganizationListTable, OrganizationTables } from './organization.tables.js';

export type OrganizationRow = Selectable<OrganizationListTable>;

/**
 * The organizations of the given tenants, or of every tenant (`'all'`, for the IT team), by name. A tenant
 * with no organization registered is left out.
 */
export const listOrganizations = async (
  db: Kysely<OrganizationTables>,
  tenantIds: readonly string[] | 'all',
): Promise<OrganizationRow[]> => {
  if (tenantIds !== 'all' && tenantIds.length === 0) return [];
  let query = db.selectFrom('organization_list').selectAll();
  if (tenantIds !== 'all') query = query.where('tenant_id', 'in', [...tenantIds]);
  return query.orderBy('name').orderBy('tenant_id').execute();
};

/** The tenant's own organization with its settings; undefined when it is not registered. */
export const organizationCard = (
  db: Kysely<OrganizationTables>,
  tenantId: string,
): Promise<OrganizationRow | undefined> =>
  db.selectFrom('organization_list').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
