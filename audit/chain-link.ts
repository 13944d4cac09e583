import { createHash } from 'node:crypto';
import { canonicalJson } from '../event-store/hash-chain.js';

/**
 * The hash chain of event-store/hash-chain.ts, computed on buffers: verifying the whole log must not pay for a
 * hex round trip per event. The two definitions are one: specs check that these links equal what the store wrote.
 */

/** What the chain commits to for one stored event. */
export interface ChainedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  streamName: string;
  streamRevision: bigint;
  checkpoint: string;
  /** Hex SHA-256 as stored; absent when the store holds none. */
  hash?: string;
}

/** SHA-256 of the event's canonical form in its stream. */
export const digestOf = (
  stream: string,
  event: Pick<ChainedEvent, 'id' | 'type' | 'data' | 'metadata'>,
): Buffer =>
  createHash('sha256')
    .update(
      canonicalJson({ data: event.data, id: event.id, metadata: event.metadata, stream, type: event.type }),
      'utf8',
    )
    .digest();

const position = Buffer.alloc(8);

/** The link of an event at `revision` after `previous` (null at revision 0). */
export const linkOf = (previous: Buffer | null, revision: bigint, digest: Buffer): Buffer => {
  const hash = createHash('sha256');
  if (previous) hash.update(previous);
  position.writeBigInt64BE(revision);
  hash.update(position);
  return hash.update(digest).digest();
};
