import { expect } from 'chai';
import {
  type HistorySealed,
  type SealHistory,
  sealDecider,
  sealEventSchemas,
} from '../../domain/audit/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec } from '../support/decider-spec.js';

const spec = deciderSpec(sealDecider);
const at = (position: number) => `00000000000000000100:${String(position).padStart(20, '0')}`;
const seal = (position: number, headsHash = 'a'.repeat(64)): SealHistory => ({
  type: 'SealHistory',
  tenantId: 'tenant-a',
  checkpoint: at(position),
  streams: 3,
  headsHash,
  sealedAt: '2026-03-02T10:00:00.000Z',
});
const sealed = (command: SealHistory): HistorySealed => {
  const { type: _type, ...data } = command;
  return { type: 'HistorySealed', data };
};

describe('Sealing a tenant’s history', () => {
  it('records the first seal', () => {
    spec([])
      .when(seal(10))
      .then([sealed(seal(10))]);
  });

  it('records a seal at a later checkpoint than the last one', () => {
    spec([sealed(seal(10))])
      .when(seal(20, 'b'.repeat(64)))
      .then([sealed(seal(20, 'b'.repeat(64)))]);
  });

  it('refuses a seal at an earlier checkpoint than the last one (two seals raced)', () => {
    spec([sealed(seal(20))])
      .when(seal(10))
      .thenThrows('SEAL_BEHIND_LAST_SEAL', 'conflict');
  });

  it('records nothing new when the same heads are sealed at the same checkpoint again', () => {
    spec([sealed(seal(10))])
      .when(seal(10))
      .then([]);
  });

  it('records data its JSON Schema accepts', () => {
    const registry = createSchemaRegistry({ schemas: sealEventSchemas, upcasters: [] });
    expect(() => registry.validate('HistorySealed', 1, sealed(seal(10)).data)).not.to.throw();
    expect(() =>
      registry.validate('HistorySealed', 1, { ...sealed(seal(10)).data, checkpoint: 'now' }),
    ).to.throw();
  });
});
