import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore, StoredRow } from '../row-store.js';
import type { OrganizationListTable, OrganizationTables } from './organization.tables.js';

const handled = [
  'OrganizationRegistered',
  'OrganizationRenamed',
  'OrganizationTimeZoneChanged',
  'OrganizationSlaPolicyChanged',
  'OrganizationLabourRateChanged',
  'OrganizationReplacementPolicyChanged',
  'OrganizationTicketReopenWindowChanged',
] as const;

type Data = Record<string, unknown>;
type Change = Partial<StoredRow<OrganizationListTable>>;

/** The columns a settings change sets, and when it happened. */
const changeOf = (type: string, d: Data): Change | undefined => {
  switch (type) {
    case 'OrganizationRenamed':
      return { name: d.name as string, updated_at: d.renamedAt as string };
    case 'OrganizationTimeZoneChanged':
      return { time_zone: d.timeZone as string, updated_at: d.changedAt as string };
    case 'OrganizationSlaPolicyChanged':
      return {
        sla_policy: d.slaPolicy as OrganizationListTable['sla_policy'],
        updated_at: d.changedAt as string,
      };
    case 'OrganizationLabourRateChanged':
      return {
        labour_rate: d.labourRate as OrganizationListTable['labour_rate'],
        updated_at: d.changedAt as string,
      };
    case 'OrganizationReplacementPolicyChanged':
      return {
        replacement_age_months: d.replacementAgeMonths as Record<string, number>,
        updated_at: d.changedAt as string,
      };
    case 'OrganizationTicketReopenWindowChanged':
      return {
        ticket_reopen_window_days: d.ticketReopenWindowDays as number,
        updated_at: d.changedAt as string,
      };
    default:
      return undefined;
  }
};

/** The tenants (organizations) and their current settings: the tenant picker and the settings page. */
export const organizationProjection: Projection<OrganizationTables> = {
  name: 'organizations',
  version: 1,
  tables: ['organization_list'],
  rows: { organization_list: { key: ['tenant_id'] } },
  handles: handled,

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('organization_list')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('default_currency', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('sla_policy', 'jsonb', (c) => c.notNull())
      .addColumn('labour_rate', 'jsonb', (c) => c.notNull())
      .addColumn('replacement_age_months', 'jsonb', (c) => c.notNull())
      .addColumn('ticket_reopen_window_days', 'integer', (c) => c.notNull())
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    // Every tenant by name, for the IT team's tenant picker.
    await db.schema
      .createIndex('organization_list_name')
      .ifNotExists()
      .on('organization_list')
      .columns(['name', 'tenant_id'])
      .execute();
  },

  needs(event: RecordedEvent): Need<OrganizationTables>[] {
    if (event.type === 'OrganizationRegistered') return [];
    return [{ table: 'organization_list', key: { tenant_id: event.metadata.tenantId as string } }];
  },

  async apply(event: RecordedEvent, rows: RowStore<OrganizationTables>) {
    // The organization's id is its tenant's: the write side refuses any other.
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    if (event.type === 'OrganizationRegistered') {
      rows.put('organization_list', {
        tenant_id: tenantId,
        name: d.name as string,
        default_currency: d.defaultCurrency as string,
        time_zone: d.timeZone as string,
        sla_policy: d.slaPolicy as OrganizationListTable['sla_policy'],
        labour_rate: d.labourRate as OrganizationListTable['labour_rate'],
        replacement_age_months: d.replacementAgeMonths as Record<string, number>,
        ticket_reopen_window_days: d.ticketReopenWindowDays as number,
        registered_at: d.registeredAt as string,
        updated_at: d.registeredAt as string,
      });
      return;
    }
    const change = changeOf(event.type, d);
    if (change) await rows.update('organization_list', { tenant_id: tenantId }, change);
  },
};
