import type { Kysely, Transaction, Updateable } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { PersonListTable, PersonTables } from './person.tables.js';

const handled = [
  'PersonRegistered',
  'PersonDetailsChanged',
  'PersonStarted',
  'PersonOffboardingStarted',
  'PersonDeparted',
  'AccessGranted',
  'AccessRevoked',
  'DeviceAssigned',
  'DeviceTransferred',
  'DeviceReturned',
  'DeviceReportedLost',
  'DeviceDeclaredUnrepairable',
  'TicketOpened',
  'ProcessStarted',
] as const;

type Data = Record<string, unknown>;
const str = (data: Data, key: string) => data[key] as string;

/**
 * Ends whatever holding period of the device is open, whoever holds it: a device has one holder at a
 * time, so this also closes a period that stayed open while the device was in service.
 */
const closePeriod = (
  trx: Transaction<PersonTables>,
  tenantId: string,
  deviceId: string,
  at: string,
  by: string,
) =>
  trx
    .updateTable('person_device_periods')
    .set({ held_until: at, ended_by: by })
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('held_until', 'is', null)
    .execute();

const openPeriod = (
  trx: Transaction<PersonTables>,
  tenantId: string,
  event: RecordedEvent,
  personId: string,
  at: string,
) =>
  trx
    .insertInto('person_device_periods')
    .values({
      tenant_id: tenantId,
      person_id: personId,
      device_id: str(event.data, 'deviceId'),
      start_checkpoint: event.checkpoint,
      held_from: at,
      held_until: null,
      ended_by: null,
    })
    .execute();

const updatePerson = (
  trx: Transaction<PersonTables>,
  tenantId: string,
  personId: string,
  changes: Updateable<PersonListTable>,
) =>
  trx
    .updateTable('person_list')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .execute();

/** People, the devices each held and when, their accesses, and their tickets and processes. */
export const personProjection: Projection<PersonTables> = {
  name: 'people',
  version: 1,
  tables: ['person_list', 'person_device_periods', 'person_accesses', 'person_links'],
  handles: handled,

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('person_list')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('department', 'text', (c) => c.notNull())
      .addColumn('cost_centre', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('planned_start', 'text', (c) => c.notNull())
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz')
      .addColumn('departed_at', 'timestamptz')
      .addColumn('offboarding_process_id', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_list_pkey', ['tenant_id', 'person_id'])
      .execute();
    await db.schema
      .createIndex('person_list_tenant_name')
      .ifNotExists()
      .on('person_list')
      .columns(['tenant_id', 'name', 'person_id'])
      .execute();
    await db.schema
      .createIndex('person_list_tenant_status')
      .ifNotExists()
      .on('person_list')
      .columns(['tenant_id', 'status', 'name'])
      .execute();
    await db.schema
      .createTable('person_device_periods')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('start_checkpoint', 'text', (c) => c.notNull())
      .addColumn('held_from', 'timestamptz', (c) => c.notNull())
      .addColumn('held_until', 'timestamptz')
      .addColumn('ended_by', 'text')
      .addPrimaryKeyConstraint('person_device_periods_pkey', ['tenant_id', 'person_id', 'start_checkpoint'])
      .execute();
    await db.schema
      .createIndex('person_device_periods_tenant_device')
      .ifNotExists()
      .on('person_device_periods')
      .columns(['tenant_id', 'device_id', 'held_until'])
      .execute();
    await db.schema
      .createTable('person_accesses')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('access_id', 'text', (c) => c.notNull())
      .addColumn('system', 'text', (c) => c.notNull())
      .addColumn('monthly_cost', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addPrimaryKeyConstraint('person_accesses_pkey', ['tenant_id', 'person_id', 'access_id'])
      .execute();
    await db.schema
      .createTable('person_links')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
      .addColumn('checkpoint', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_links_pkey', ['tenant_id', 'person_id', 'kind', 'ref_id'])
      .execute();
  },

  async apply(event: RecordedEvent, trx: Transaction<PersonTables>) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    switch (event.type) {
      case 'PersonRegistered':
        await trx
          .insertInto('person_list')
          .values({
            tenant_id: tenantId,
            person_id: str(d, 'personId'),
            name: str(d, 'name'),
            email: str(d, 'email'),
            department: str(d, 'department'),
            cost_centre: str(d, 'costCentre'),
            status: 'planned',
            planned_start: str(d, 'plannedStart'),
            registered_at: str(d, 'registeredAt'),
            started_at: null,
            departed_at: null,
            offboarding_process_id: null,
            updated_at: str(d, 'registeredAt'),
          })
          .execute();
        return;
      case 'PersonDetailsChanged':
        await updatePerson(trx, tenantId, str(d, 'personId'), {
          name: str(d, 'name'),
          department: str(d, 'department'),
          cost_centre: str(d, 'costCentre'),
          updated_at: str(d, 'changedAt'),
        });
        return;
      case 'PersonStarted':
        await updatePerson(trx, tenantId, str(d, 'personId'), {
          status: 'active',
          started_at: str(d, 'startedAt'),
          updated_at: str(d, 'startedAt'),
        });
        return;
      case 'PersonOffboardingStarted':
        await updatePerson(trx, tenantId, str(d, 'personId'), {
          status: 'leaving',
          offboarding_process_id: str(d, 'processId'),
          updated_at: str(d, 'offboardingStartedAt'),
        });
        return;
      case 'PersonDeparted':
        await updatePerson(trx, tenantId, str(d, 'personId'), {
          status: 'departed',
          departed_at: str(d, 'departedAt'),
          updated_at: str(d, 'departedAt'),
        });
        return;
      case 'AccessGranted': {
        const cost = d.monthlyCost as { amount: number; currency: string };
        await trx
          .insertInto('person_accesses')
          .values({
            tenant_id: tenantId,
            person_id: str(d, 'personId'),
            access_id: str(d, 'accessId'),
            system: str(d, 'system'),
            monthly_cost: cost.amount,
            currency: cost.currency,
            granted_at: str(d, 'grantedAt'),
            revoked_at: null,
          })
          .execute();
        return;
      }
      case 'AccessRevoked':
        await trx
          .updateTable('person_accesses')
          .set({ revoked_at: str(d, 'revokedAt') })
          .where('tenant_id', '=', tenantId)
          .where('person_id', '=', str(d, 'personId'))
          .where('access_id', '=', str(d, 'accessId'))
          .execute();
        return;
      case 'DeviceAssigned':
        await closePeriod(trx, tenantId, str(d, 'deviceId'), str(d, 'assignedAt'), event.type);
        await openPeriod(trx, tenantId, event, str(d, 'personId'), str(d, 'assignedAt'));
        return;
      case 'DeviceTransferred':
        await closePeriod(trx, tenantId, str(d, 'deviceId'), str(d, 'transferredAt'), event.type);
        await openPeriod(trx, tenantId, event, str(d, 'toPersonId'), str(d, 'transferredAt'));
        return;
      case 'DeviceReturned':
        await closePeriod(trx, tenantId, str(d, 'deviceId'), str(d, 'returnedAt'), event.type);
        return;
      case 'DeviceReportedLost':
        await closePeriod(trx, tenantId, str(d, 'deviceId'), str(d, 'reportedAt'), event.type);
        return;
      case 'DeviceDeclaredUnrepairable':
        await closePeriod(trx, tenantId, str(d, 'deviceId'), str(d, 'declaredAt'), event.type);
        return;
      case 'TicketOpened':
        await link(trx, tenantId, event, str(d, 'requesterId'), 'ticket', str(d, 'ticketId'), {
          title: str(d, 'title'),
          at: str(d, 'openedAt'),
        });
        return;
      case 'ProcessStarted': {
        const personId = (d.parameters as Record<string, string> | undefined)?.personId;
        if (!personId) return;
        const title = d.title as { en: string };
        await link(trx, tenantId, event, personId, 'process', str(d, 'processId'), {
          title: title.en,
          at: str(d, 'startedAt'),
        });
        return;
      }
      default:
        return;
    }
  },
};

const link = (
  trx: Transaction<PersonTables>,
  tenantId: string,
  event: RecordedEvent,
  personId: string,
  kind: 'ticket' | 'process',
  refId: string,
  { title, at }: { title: string; at: string },
) =>
  trx
    .insertInto('person_links')
    .values({
      tenant_id: tenantId,
      person_id: personId,
      kind,
      ref_id: refId,
      title,
      opened_at: at,
      checkpoint: event.checkpoint,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
