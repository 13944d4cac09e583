import type { EventStore } from '../event-store/index.js';
import {
  createHeadCollector,
  type SealedHeads,
  type StreamHead,
  sealHashOf,
} from '../event-store/stream-heads.js';

export type { StreamHead } from '../event-store/stream-heads.js';

export const sealFormat = 'it-ops-panel/seal@1';

/** The export form of a seal: a file to keep outside the system, read back by `verify --seal`. */
export interface Seal extends SealedHeads {
  format: typeof sealFormat;
}

/**
 * The heads of all of a tenant's streams at `checkpoint` (the end of the log when absent), sealed with one hash.
 * Reads the stored form: pass the raw store, not the schema-checking decorator.
 */
export const sealTenant = async (store: EventStore, tenantId: string, checkpoint?: string): Promise<Seal> => {
  const collector = createHeadCollector(tenantId);
  for await (const event of store.readAll()) {
    if (checkpoint !== undefined && event.checkpoint > checkpoint) break;
    collector.add(event);
  }
  return { format: sealFormat, ...collector.heads(checkpoint) };
};

/** Why a seal file cannot be read at all (not JSON, not a seal); a readable but changed seal is a finding. */
export class SealFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealFormatError';
  }
}

const isHead = (value: unknown): value is StreamHead =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StreamHead).stream === 'string' &&
  Number.isSafeInteger((value as StreamHead).revision) &&
  typeof (value as StreamHead).hash === 'string';

/** Parses a seal's export form; throws `SealFormatError` when it is not one. */
export const parseSeal = (text: string): Seal => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SealFormatError('the seal is not JSON');
  }
  const seal = value as Partial<Seal> | null;
  if (
    !seal ||
    seal.format !== sealFormat ||
    typeof seal.tenantId !== 'string' ||
    typeof seal.checkpoint !== 'string' ||
    typeof seal.hash !== 'string' ||
    !Array.isArray(seal.heads) ||
    !seal.heads.every(isHead)
  ) {
    throw new SealFormatError(`not a seal (${sealFormat})`);
  }
  return seal as Seal;
};

/** Whether the seal's hash is the one over its own heads: a changed seal file fails this. */
export const sealIsIntact = (seal: Seal): boolean =>
  sealHashOf(seal.tenantId, seal.checkpoint, seal.heads) === seal.hash;
