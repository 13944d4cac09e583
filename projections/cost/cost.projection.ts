import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
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

const costCentreOf = async (trx: Transaction<CostTables>, tenantId: string, personId: string | null) => {
  if (!personId) return null;
  const person = await trx
    .selectFrom('cost_people')
    .select('cost_centre')
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return person?.cost_centre ?? null;
};

interface Entry {
  category: CostCategory;
  money: Money;
  deviceId: string | null;
  personId: string | null;
  ticketId?: string;
}

const record = async (trx: Transaction<CostTables>, event: RecordedEvent, entry: Entry, index = 0) => {
  const tenantId = event.metadata.tenantId as string;
  const at = occurredAt(event);
  await trx
    .insertInto('cost_entries')
    .values({
      tenant_id: tenantId,
      entry_id: index === 0 ? event.checkpoint : `${event.checkpoint}:${index}`,
      month: monthOf(at),
      occurred_at: at,
      category: entry.category,
      amount: entry.money.amount,
      currency: entry.money.currency,
      device_id: entry.deviceId,
      person_id: entry.personId,
      cost_centre: await costCentreOf(trx, tenantId, entry.personId),
      ticket_id: entry.ticketId ?? null,
      source_event: event.type,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'entry_id']).doNothing())
    .execute();
};

/** Billable minutes at the tenant's hourly rate in force when the work was logged, rounded to a minor unit. */
const logLabour = async (trx: Transaction<CostTables>, event: RecordedEvent, tenantId: string) => {
  const d = event.data as Data & { ticketId: string; minutes: number; billable: boolean };
  if (!d.billable) return;
  const rate = await trx
    .selectFrom('cost_labour_rates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  // Tickets need a registered organization, so a rate is always known; an event without one costs nothing.
  if (!rate) return;
  const ticket = await trx
    .selectFrom('cost_tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', d.ticketId)
    .executeTakeFirst();
  await record(trx, event, {
    category: 'labour',
    money: { amount: Math.round((d.minutes / 60) * Number(rate.amount)), currency: rate.currency },
    deviceId: ticket?.device_id ?? null,
    personId: ticket?.requester_id ?? null,
    ticketId: d.ticketId,
  });
};

const setLabourRate = (trx: Transaction<CostTables>, tenantId: string, rate: Money) =>
  trx
    .insertInto('cost_labour_rates')
    .values({ tenant_id: tenantId, amount: rate.amount, currency: rate.currency })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ amount: rate.amount, currency: rate.currency }))
    .execute();

const setCostCentre = (
  trx: Transaction<CostTables>,
  tenantId: string,
  personId: string,
  costCentre: string,
) =>
  trx
    .insertInto('cost_people')
    .values({ tenant_id: tenantId, person_id: personId, cost_centre: costCentre })
    .onConflict((oc) => oc.columns(['tenant_id', 'person_id']).doUpdateSet({ cost_centre: costCentre }))
    .execute();

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
  migrate,

  async apply(event: RecordedEvent, trx: Transaction<CostTables>) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    switch (event.type) {
      case 'OrganizationRegistered':
      case 'OrganizationLabourRateChanged':
        return void (await setLabourRate(trx, tenantId, d.labourRate as Money));
      case 'PersonRegistered':
      case 'PersonDetailsChanged':
        return void (await setCostCentre(trx, tenantId, d.personId as string, d.costCentre as string));
      case 'AccessGranted': {
        const money = d.monthlyCost as Money;
        const personId = d.personId as string;
        await trx
          .insertInto('cost_licence_periods')
          .values({
            tenant_id: tenantId,
            access_id: d.accessId as string,
            person_id: personId,
            system: d.system as string,
            amount: money.amount,
            currency: money.currency,
            cost_centre: await costCentreOf(trx, tenantId, personId),
            from_month: monthOf(occurredAt(event)),
            to_month: null,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'access_id']).doNothing())
          .execute();
        return;
      }
      case 'AccessRevoked':
        await trx
          .updateTable('cost_licence_periods')
          .set({ to_month: monthOf(occurredAt(event)) })
          .where('tenant_id', '=', tenantId)
          .where('access_id', '=', d.accessId as string)
          .execute();
        return;
      case 'TicketOpened':
        await trx
          .insertInto('cost_tickets')
          .values({
            tenant_id: tenantId,
            ticket_id: d.ticketId as string,
            requester_id: d.requesterId as string,
            device_id: (d.deviceId as string | null | undefined) ?? null,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'ticket_id']).doNothing())
          .execute();
        return;
      case 'TicketWorkLogged':
        return logLabour(trx, event, tenantId);
      case 'DeviceRegistered':
        return record(trx, event, {
          category: 'purchase',
          money: d.purchaseCost as Money,
          deviceId: d.deviceId as string,
          personId: null,
        });
      case 'DeviceRepaired':
      case 'DeviceDeclaredUnrepairable':
        return record(trx, event, {
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
