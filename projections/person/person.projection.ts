import type { Kysely } from 'kysely';
import { erasedPersonEmail, erasedPersonName } from '../../domain/person/personal-data.js';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore, StoredRow } from '../row-store.js';
import type { PersonListTable, PersonTables } from './person.tables.js';

const handled = [
  'PersonRegistered',
  'PersonDetailsChanged',
  'PersonStarted',
  'PersonOffboardingStarted',
  'PersonDeparted',
  'PersonalDataErased',
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
/** An optional text: null when the event has none, set it to none, or reads erased. */
const optionalText = (data: Data, key: string) => (data[key] as string | null | undefined) ?? null;
/** The phone and notes a PersonDetailsChanged sets: only those it carries (absent: unchanged). */
const changedOptional = (data: Data) => ({
  ...('phone' in data ? { phone: optionalText(data, 'phone') } : {}),
  ...('notes' in data ? { notes: optionalText(data, 'notes') } : {}),
});

/** The person a ProcessStarted is about (its `personId` parameter), if any. */
const processPerson = (data: Data) => (data.parameters as Record<string, string> | undefined)?.personId;

/**
 * Ends whatever holding period of the device is open, whoever holds it: a device has one holder at a
 * time, so this also closes a period that stayed open while the device was in service.
 */
const closePeriod = async (
  rows: RowStore<PersonTables>,
  tenantId: string,
  deviceId: string,
  at: string,
  by: string,
) => {
  const periods = await rows.list('person_device_periods', 'device', {
    tenant_id: tenantId,
    device_id: deviceId,
  });
  for (const period of periods) {
    if (period.held_until !== null) continue;
    await rows.update(
      'person_device_periods',
      { tenant_id: period.tenant_id, person_id: period.person_id, start_checkpoint: period.start_checkpoint },
      { held_until: at, ended_by: by },
    );
  }
};

const openPeriod = (
  rows: RowStore<PersonTables>,
  tenantId: string,
  event: RecordedEvent,
  personId: string,
  at: string,
) =>
  rows.put('person_device_periods', {
    tenant_id: tenantId,
    person_id: personId,
    device_id: str(event.data, 'deviceId'),
    start_checkpoint: event.checkpoint,
    held_from: at,
    held_until: null,
    ended_by: null,
  });

const updatePerson = (
  rows: RowStore<PersonTables>,
  tenantId: string,
  personId: string,
  changes: Partial<StoredRow<PersonListTable>>,
) => rows.update('person_list', { tenant_id: tenantId, person_id: personId }, changes);

/** The rows `apply` reads for the event: the person, the access, the device's periods or the link. */
const needs = (event: RecordedEvent): Need<PersonTables>[] => {
  const tenant_id = event.metadata.tenantId as string;
  const d = event.data as Data;
  switch (event.type) {
    case 'PersonDetailsChanged':
    case 'PersonStarted':
    case 'PersonOffboardingStarted':
    case 'PersonDeparted':
    case 'PersonalDataErased':
      return [{ table: 'person_list', key: { tenant_id, person_id: str(d, 'personId') } }];
    case 'AccessRevoked':
      return [
        {
          table: 'person_accesses',
          key: { tenant_id, person_id: str(d, 'personId'), access_id: str(d, 'accessId') },
        },
      ];
    case 'DeviceAssigned':
    case 'DeviceTransferred':
    case 'DeviceReturned':
    case 'DeviceReportedLost':
    case 'DeviceDeclaredUnrepairable':
      return [
        {
          table: 'person_device_periods',
          group: 'device',
          key: { tenant_id, device_id: str(d, 'deviceId') },
        },
      ];
    case 'TicketOpened':
      return [
        {
          table: 'person_links',
          key: { tenant_id, person_id: str(d, 'requesterId'), kind: 'ticket', ref_id: str(d, 'ticketId') },
        },
      ];
    case 'ProcessStarted': {
      const personId = processPerson(d);
      if (!personId) return [];
      return [
        {
          table: 'person_links',
          key: { tenant_id, person_id: personId, kind: 'process', ref_id: str(d, 'processId') },
        },
      ];
    }
    default:
      return [];
  }
};

/** People, the devices each held and when, their accesses, and their tickets and processes. */
export const personProjection: Projection<PersonTables> = {
  name: 'people',
  // 3: phone and notes. A database at version 2 is rebuilt into tables that have the columns.
  version: 3,
  tables: ['person_list', 'person_device_periods', 'person_accesses', 'person_links'],
  handles: handled,
  rows: {
    person_list: { key: ['tenant_id', 'person_id'] },
    // The device group is covered by the index person_device_periods_tenant_device.
    person_device_periods: {
      key: ['tenant_id', 'person_id', 'start_checkpoint'],
      groups: { device: ['tenant_id', 'device_id'] },
    },
    person_accesses: { key: ['tenant_id', 'person_id', 'access_id'] },
    person_links: { key: ['tenant_id', 'person_id', 'kind', 'ref_id'] },
  },
  needs,

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
      .addColumn('phone', 'text')
      .addColumn('notes', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('planned_start', 'text', (c) => c.notNull())
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz')
      .addColumn('departed_at', 'timestamptz')
      .addColumn('offboarding_process_id', 'text')
      .addColumn('erased_at', 'timestamptz')
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

  async apply(event: RecordedEvent, rows: RowStore<PersonTables>) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    switch (event.type) {
      case 'PersonRegistered':
        rows.put('person_list', {
          tenant_id: tenantId,
          person_id: str(d, 'personId'),
          name: str(d, 'name'),
          email: str(d, 'email'),
          department: str(d, 'department'),
          cost_centre: str(d, 'costCentre'),
          phone: optionalText(d, 'phone'),
          notes: optionalText(d, 'notes'),
          status: 'planned',
          planned_start: str(d, 'plannedStart'),
          registered_at: str(d, 'registeredAt'),
          started_at: null,
          departed_at: null,
          offboarding_process_id: null,
          erased_at: null,
          updated_at: str(d, 'registeredAt'),
        });
        return;
      case 'PersonDetailsChanged':
        await updatePerson(rows, tenantId, str(d, 'personId'), {
          name: str(d, 'name'),
          department: str(d, 'department'),
          cost_centre: str(d, 'costCentre'),
          ...changedOptional(d),
          updated_at: str(d, 'changedAt'),
        });
        return;
      case 'PersonStarted':
        await updatePerson(rows, tenantId, str(d, 'personId'), {
          status: 'active',
          started_at: str(d, 'startedAt'),
          updated_at: str(d, 'startedAt'),
        });
        return;
      case 'PersonOffboardingStarted':
        await updatePerson(rows, tenantId, str(d, 'personId'), {
          status: 'leaving',
          offboarding_process_id: str(d, 'processId'),
          updated_at: str(d, 'offboardingStartedAt'),
        });
        return;
      case 'PersonDeparted':
        await updatePerson(rows, tenantId, str(d, 'personId'), {
          status: 'departed',
          departed_at: str(d, 'departedAt'),
          updated_at: str(d, 'departedAt'),
        });
        return;
      case 'PersonalDataErased': {
        // The store already shows the earlier events with placeholders after a rebuild; this row was
        // written from them in plain text while the key existed.
        const personId = str(d, 'personId');
        await updatePerson(rows, tenantId, personId, {
          name: erasedPersonName,
          email: erasedPersonEmail(personId),
          // Erased phone and notes read as none (personal-data.ts).
          phone: null,
          notes: null,
          erased_at: str(d, 'erasedAt'),
          updated_at: str(d, 'erasedAt'),
        });
        return;
      }
      case 'AccessGranted': {
        const cost = d.monthlyCost as { amount: number; currency: string };
        rows.put('person_accesses', {
          tenant_id: tenantId,
          person_id: str(d, 'personId'),
          access_id: str(d, 'accessId'),
          system: str(d, 'system'),
          monthly_cost: cost.amount,
          currency: cost.currency,
          granted_at: str(d, 'grantedAt'),
          revoked_at: null,
        });
        return;
      }
      case 'AccessRevoked':
        await rows.update(
          'person_accesses',
          { tenant_id: tenantId, person_id: str(d, 'personId'), access_id: str(d, 'accessId') },
          { revoked_at: str(d, 'revokedAt') },
        );
        return;
      case 'DeviceAssigned':
        await closePeriod(rows, tenantId, str(d, 'deviceId'), str(d, 'assignedAt'), event.type);
        openPeriod(rows, tenantId, event, str(d, 'personId'), str(d, 'assignedAt'));
        return;
      case 'DeviceTransferred':
        await closePeriod(rows, tenantId, str(d, 'deviceId'), str(d, 'transferredAt'), event.type);
        openPeriod(rows, tenantId, event, str(d, 'toPersonId'), str(d, 'transferredAt'));
        return;
      case 'DeviceReturned':
        await closePeriod(rows, tenantId, str(d, 'deviceId'), str(d, 'returnedAt'), event.type);
        return;
      case 'DeviceReportedLost':
        await closePeriod(rows, tenantId, str(d, 'deviceId'), str(d, 'reportedAt'), event.type);
        return;
      case 'DeviceDeclaredUnrepairable':
        await closePeriod(rows, tenantId, str(d, 'deviceId'), str(d, 'declaredAt'), event.type);
        return;
      case 'TicketOpened':
        await link(rows, tenantId, event, str(d, 'requesterId'), 'ticket', str(d, 'ticketId'), {
          title: str(d, 'title'),
          at: str(d, 'openedAt'),
        });
        return;
      case 'ProcessStarted': {
        const personId = processPerson(d);
        if (!personId) return;
        const title = d.title as { en: string };
        await link(rows, tenantId, event, personId, 'process', str(d, 'processId'), {
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
  rows: RowStore<PersonTables>,
  tenantId: string,
  event: RecordedEvent,
  personId: string,
  kind: 'ticket' | 'process',
  refId: string,
  { title, at }: { title: string; at: string },
) =>
  rows.insertIfAbsent('person_links', {
    tenant_id: tenantId,
    person_id: personId,
    kind,
    ref_id: refId,
    title,
    opened_at: at,
    checkpoint: event.checkpoint,
  });
