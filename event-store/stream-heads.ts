import { createHash } from 'node:crypto';
import { canonicalJson } from './hash-chain.js';

/**
 * Seals (issue 7): one hash over the heads of all of a tenant's streams at a checkpoint. Kept outside the
 * system, a seal proves that no stream was cut back below its sealed head, which the chain alone cannot show.
 * Here, beside the chain, because both the command that records seals and the audit that checks them need it.
 */

/** A stream's last event at a checkpoint: the revision and the chain hash a seal commits to. */
export interface StreamHead {
  stream: string;
  revision: number;
  /** Hex SHA-256 link of the stream's last event (event-store/hash-chain.ts). */
  hash: string;
}

/** One hash over a tenant's stream heads at a checkpoint: what a seal commits to. */
export const sealHashOf = (tenantId: string, checkpoint: string, heads: readonly StreamHead[]): string =>
  createHash('sha256').update(canonicalJson({ checkpoint, heads, tenantId }), 'utf8').digest('hex');

/** Collects the last revision and hash of every stream of one tenant, as events are read in log order. */
export const createHeadCollector = (tenantId: string) => {
  const heads = new Map<string, StreamHead>();
  let checkpoint = '';
  return {
    add(event: {
      streamName: string;
      streamRevision: bigint;
      metadata: Record<string, unknown>;
      checkpoint: string;
      hash?: string;
    }) {
      checkpoint = event.checkpoint;
      if (event.metadata.tenantId !== tenantId) return;
      const head = heads.get(event.streamName);
      const revision = Number(event.streamRevision);
      if (head && head.revision > revision) return;
      heads.set(event.streamName, { stream: event.streamName, revision, hash: event.hash ?? '' });
    },
    /** The sealed heads at the last event added (or at `at`, when given). */
    heads(at?: string): SealedHeads {
      const sorted = [...heads.values()].sort((a, b) =>
        a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0,
      );
      const sealedAt = at ?? checkpoint;
      return {
        tenantId,
        checkpoint: sealedAt,
        heads: sorted,
        hash: sealHashOf(tenantId, sealedAt, sorted),
      };
    },
  };
};

/** The heads of a tenant's streams at a checkpoint, with the one hash over them. */
export interface SealedHeads {
  tenantId: string;
  /** The log's checkpoint the heads were taken at (inclusive). */
  checkpoint: string;
  /** Sorted by stream name. */
  heads: StreamHead[];
  /** Hex SHA-256 of the canonical JSON of `{ checkpoint, heads, tenantId }`. */
  hash: string;
}
