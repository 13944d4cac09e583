import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore } from '../row-store.js';
import type { CostCategory, CostTables } from './cost.tables.js';

interface Money {
  amount: number;
  currency: string;
}
type Data = Record<string, unknown>;

const handles = [
  'OrganizationRegistered',
  'OrganizationLabourRateChanged',
  'PersonRegistered',
  'PersonDetailsChanged',
  'AccessGranted',
  'AccessRevoked',
  'TicketOpened',
  'TicketWorkLogged',
  'DeviceRegistered',
  'DeviceRepaired',
  'DeviceDeclaredUnrepairable',
] as const;

/** The event's `…At` instant (the domain's clock), else when it was stored. */
const occurredAt = (event: RecordedEvent): string => {
  const at = Object.entries(event.data).find(
    ([key, value]) => key.endsWith('At') && typeof value === 'string',
  );
  return new Date((at?.[1] as string | undefined) ?? event.recordedAt).toISOString();
};

/** 'YYYY-MM' of an instant in UTC. */
const monthOf = (instant: string) => new Date(instant).toISOString().slice(0, 7);

type Rows = RowStore<CostTables>;

/** The person's cost centre now, as far as the log has been read; null when no person is concerned. */
const costCentreOf = async (rows: Rows, tenantId: string, personId: string | null) => {
  if (!personId) return null;
  const person = await rows.get('cost_people', { tenant_id: tenantId, person_id: personId });
  return person?.cost_centre ?? null;
};

interface Entry {
  category: CostCategory;
  money: Money;
  deviceId: string | null;
  personId: string | null;
  ticketId?: string;
}

const record = async (rows: Rows, event: RecordedEvent, entry: Entry, index = 0) => {
  const tenantId = event.metadata.tenantId as string;
  const at = occurredAt(event);
  rows.append('cost_entries', {
    tenant_id: tenantId,
    entry_id: index === 0 ? event.checkpoint : `${event.checkpoint}:${index}`,
    month: monthOf(at),
    occurred_at: at,
    category: entry.category,
    amount: entry.money.amount,
    currency: entry.money.currency,
    device_id: entry.deviceId,
    person_id: entry.personId,
    cost_centre: await costCentreOf(rows, tenantId, entry.personId),
    ticket_id: entry.ticketId ?? null,
    source_event: event.type,
  });
};

/** Billable minutes at the tenant's hourly rate in force when the work was logged, rounded to a minor unit. */
const logLabour = async (rows: Rows, event: RecordedEvent, tenantId: string) => {
  const d = event.data as Data & { ticketId: string; minutes: number; billable: boolean };
  if (!d.billable) return;
  const rate = await rows.get('cost_labour_rates', { tenant_id: tenantId });
  // Tickets need a registered organization, so a rate is always known; an event without one costs nothing.
  if (!rate) return;
  const ticket = await rows.get('cost_tickets', { tenant_id: tenantId, ticket_id: d.ticketId });
  await record(rows, event, {
    category: 'labour',
    money: { amount: Math.round((d.minutes / 60) * Number(rate.amount)), currency: rate.currency },
    deviceId: ticket?.device_id ?? null,
    personId: ticket?.requester_id ?? null,
    ticketId: d.ticketId,
  });
};

/**
 * The rows `apply` reads for the event. Billable labour is charged to the ticket's requester, whom the
 * event does not name: the cost centres of the whole tenant are loaded instead (one query per batch
 * whatever the number of tenants), so that no labour entry costs a round trip of its own.
 */
const needs = (event: RecordedEvent): Need<CostTables>[] => {
  const tenant_id = event.metadata.tenantId as string;
  const d = event.data as Data;
  const person = (personId: unknown): Need<CostTables>[] =>
    typeof personId === 'string' ? [{ table: 'cost_people', key: { tenant_id, person_id: personId } }] : [];
  switch (event.type) {
    case 'AccessGranted':
      return [
        { table: 'cost_licence_periods', key: { tenant_id, access_id: d.accessId as string } },
        ...person(d.personId),
      ];
    case 'AccessRevoked':
      return [{ table: 'cost_licence_periods', key: { tenant_id, access_id: d.accessId as string } }];
    case 'TicketOpened':
      return [{ table: 'cost_tickets', key: { tenant_id, ticket_id: d.ticketId as string } }];
    case 'TicketWorkLogged':
      return d.billable
        ? [
            { table: 'cost_labour_rates', key: { tenant_id } },
            { table: 'cost_tickets', key: { tenant_id, ticket_id: d.ticketId as string } },
            { table: 'cost_people', key: { tenant_id }, group: 'tenant' },
          ]
        : [];
    case 'DeviceRepaired':
    case 'DeviceDeclaredUnrepairable':
      return person(d.holderId);
    default:
      return [];
  }
};

const migrate = async (db: Kysely<unknown>) => {
  await db.schema
    .createTable('cost_entries')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('cost_centre', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('source_event', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cost_entries_pkey', ['tenant_id', 'entry_id'])
    .execute();
  await db.schema
    .createIndex('cost_entries_tenant_month')
    .ifNotExists()
    .on('cost_entries')
    .columns(['tenant_id', 'month', 'category'])
    .execute();
  await db.schema
    .createIndex('cost_entries_tenant_device')
    .ifNotExists()
    .on('cost_entries')
    .columns(['tenant_id', 'device_id'])
    .execute();
  await db.schema
    .createTable('cost_licence_periods')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('access_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('cost_centre', 'text')
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('to_month', 'text')
    .addPrimaryKeyConstraint('cost_licence_periods_pkey', ['tenant_id', 'access_id'])
    .execute();
  await db.schema
    .createIndex('cost_licence_periods_tenant_months')
    .ifNotExists()
    .on('cost_licence_periods')
    .columns(['tenant_id', 'from_month', 'to_month'])
    .execute();
  await db.schema
    .createTable('cost_labour_rates')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cost_people')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('cost_centre', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cost_people_pkey', ['tenant_id', 'person_id'])
    .execute();
  await db.schema
    .createTable('cost_tickets')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addPrimaryKeyConstraint('cost_tickets_pkey', ['tenant_id', 'ticket_id'])
    .execute();
};

/**
 * What the tenant's IT costs: purchases, repairs, billable labour at the tenant's rate and licences, each
 * with the month, the device, the person and the person's cost centre at the time.
 */
export const costProjection: Projection<CostTables> = {
  name: 'costs',
  version: 1,
  tables: ['cost_entries', 'cost_licence_periods', 'cost_labour_rates', 'cost_people', 'cost_tickets'],
  handles,
  rows: {
    // Only ever added (ON CONFLICT DO NOTHING, as before), never read by apply.
    cost_entries: { key: ['tenant_id', 'entry_id'], appendOnly: true },
    cost_licence_periods: { key: ['tenant_id', 'access_id'] },
    cost_labour_rates: { key: ['tenant_id'] },
    // `tenant`: every cost centre of a tenant, for labour charged to a ticket's requester (see `needs`).
    cost_people: { key: ['tenant_id', 'person_id'], groups: { tenant: ['tenant_id'] } },
    cost_tickets: { key: ['tenant_id', 'ticket_id'] },
  },
  migrate,
  needs,

  async apply(event: RecordedEvent, rows: RowStore<CostTables>) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    switch (event.type) {
      case 'OrganizationRegistered':
      case 'OrganizationLabourRateChanged': {
        const rate = d.labourRate as Money;
        rows.put('cost_labour_rates', { tenant_id: tenantId, amount: rate.amount, currency: rate.currency });
        return;
      }
      case 'PersonRegistered':
      case 'PersonDetailsChanged':
        rows.put('cost_people', {
          tenant_id: tenantId,
          person_id: d.personId as string,
          cost_centre: d.costCentre as string,
        });
        return;
      case 'AccessGranted': {
        const money = d.monthlyCost as Money;
        const personId = d.personId as string;
        const accessId = d.accessId as string;
        // Looked up first, as the insert did: the cost centre is the person's when the access was granted.
        const costCentre = await costCentreOf(rows, tenantId, personId);
        await rows.insertIfAbsent('cost_licence_periods', {
          tenant_id: tenantId,
          access_id: accessId,
          person_id: personId,
          system: d.system as string,
          amount: money.amount,
          currency: money.currency,
          cost_centre: costCentre,
          from_month: monthOf(occurredAt(event)),
          to_month: null,
        });
        return;
      }
      case 'AccessRevoked':
        await rows.update(
          'cost_licence_periods',
          { tenant_id: tenantId, access_id: d.accessId as string },
          { to_month: monthOf(occurredAt(event)) },
        );
        return;
      case 'TicketOpened':
        await rows.insertIfAbsent('cost_tickets', {
          tenant_id: tenantId,
          ticket_id: d.ticketId as string,
          requester_id: d.requesterId as string,
          device_id: (d.deviceId as string | null | undefined) ?? null,
        });
        return;
      case 'TicketWorkLogged':
        return logLabour(rows, event, tenantId);
      case 'DeviceRegistered':
        return record(rows, event, {
          category: 'purchase',
          money: d.purchaseCost as Money,
          deviceId: d.deviceId as string,
          personId: null,
        });
      case 'DeviceRepaired':
      case 'DeviceDeclaredUnrepairable':
        return record(rows, event, {
          category: 'repair',
          money: d.cost as Money,
          deviceId: d.deviceId as string,
          personId: (d.holderId as string | null | undefined) ?? null,
        });
      default:
        return;
    }
  },
};
