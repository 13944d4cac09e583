import { expect } from 'chai';
import {
  type AuditorAccessRecorded,
  auditorAccessDecider,
  auditorAccessEventSchemas,
  type RecordAuditorAccess,
} from '../../domain/audit/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec } from '../support/decider-spec.js';

const spec = deciderSpec(auditorAccessDecider);
const access = (data: Partial<AuditorAccessRecorded['data']> = {}): RecordAuditorAccess => ({
  type: 'RecordAuditorAccess',
  data: {
    accessId: '0195f3c4-0000-7000-8000-000000000001',
    tenantId: 'tenant-a',
    action: 'verified',
    target: 'history',
    via: 'api',
    result: 'ok',
    events: 120,
    accessedAt: '2026-03-02T10:00:00.000Z',
    ...data,
  },
});
const recorded = (command: RecordAuditorAccess): AuditorAccessRecorded => ({
  type: 'AuditorAccessRecorded',
  data: command.data,
});

describe('Recording an auditor’s access to the history', () => {
  it('records a verification with how many events it read', () => {
    spec([])
      .when(access())
      .then([recorded(access())]);
  });

  it('records every access, however many came before', () => {
    spec([recorded(access()), recorded(access())])
      .when(access({ action: 'exported', events: 7 }))
      .then([recorded(access({ action: 'exported', events: 7 }))]);
  });

  it('records a look at an aggregate as of a date, also when it was not there then', () => {
    const look = access({
      action: 'viewed_state',
      target: 'device-0195f3c4-0000-7000-8000-0000000000aa',
      asOf: '2026-01-01T00:00:00.000Z',
      result: 'not_found',
    });
    spec([])
      .when(look)
      .then([recorded(look)]);
  });

  it('records a verification that found problems, with their number', () => {
    const found = access({ result: 'problems_found', problems: 2 });
    spec([])
      .when(found)
      .then([recorded(found)]);
  });

  it('refuses a look as of a date that names no date', () => {
    spec([])
      .when(access({ action: 'viewed_state', target: 'device-x' }))
      .thenThrows('AS_OF_REQUIRED', 'invalid');
    spec([])
      .when(access({ action: 'rebuilt_as_of' }))
      .thenThrows('AS_OF_REQUIRED', 'invalid');
  });

  it('refuses a date on an access that is not taken as of one', () => {
    spec([])
      .when(access({ action: 'exported', asOf: '2026-01-01T00:00:00.000Z' }))
      .thenThrows('AS_OF_NOT_APPLICABLE', 'invalid');
  });

  it('refuses problems found by anything but a verification', () => {
    spec([])
      .when(access({ action: 'exported', result: 'problems_found', problems: 1 }))
      .thenThrows('PROBLEMS_ONLY_FROM_VERIFY', 'invalid');
  });

  it('refuses problems found without their number', () => {
    spec([])
      .when(access({ result: 'problems_found' }))
      .thenThrows('PROBLEMS_NOT_COUNTED', 'invalid');
    spec([])
      .when(access({ result: 'problems_found', problems: 0 }))
      .thenThrows('PROBLEMS_NOT_COUNTED', 'invalid');
  });

  it('has a schema that accepts the event and refuses an unknown action or a missing time', () => {
    const registry = createSchemaRegistry({ schemas: auditorAccessEventSchemas });
    const { data } = recorded(access());
    expect(() => registry.validate('AuditorAccessRecorded', 1, data)).not.to.throw();
    expect(() => registry.validate('AuditorAccessRecorded', 1, { ...data, action: 'deleted' })).to.throw();
    const { accessedAt: _at, ...untimed } = data;
    expect(() => registry.validate('AuditorAccessRecorded', 1, untimed)).to.throw();
  });
});
