import { type HistorySealed, sealStreamOf } from '../domain/audit/index.js';
import type { EventStore } from '../event-store/index.js';
import { createHeadCollector } from '../event-store/stream-heads.js';
import { analyseStream, type ChainProblem } from './chain-analysis.js';
import { type ChainedEvent, digestOf, linkOf } from './chain-link.js';
import { type Seal, sealIsIntact } from './seal.js';

export type { ChainProblem, ProblemKind } from './chain-analysis.js';

/** Where a verification stands, for a progress line. */
export interface VerifyProgress {
  events: number;
  checkpoint: string;
  /** How many events the run will go through, when known beforehand (an export's header). */
  total?: number;
}

export interface VerifyOptions {
  /** Only this tenant's events (`metadata.tenantId`); every tenant when absent. */
  tenantId?: string;
  /** Also check that every head this seal recorded is still there with the same hash. */
  seal?: Seal;
  /** Called every few thousand events and once at the end. */
  onProgress?: (progress: VerifyProgress) => void;
  /**
   * The seals recorded in the history (HistorySealed) to check against the heads at their checkpoints.
   * `verifyChains` reads the tenant's itself when a tenant is named; give them for a verification of every
   * tenant (`recordedSealsOf`).
   */
  recordedSeals?: readonly RecordedSealRef[];
}

/** A seal recorded in the history: where its event is, and the hash it recorded over the tenant's heads. */
export interface RecordedSealRef {
  tenantId: string;
  checkpoint: string;
  headsHash: string;
  stream: string;
  revision: bigint;
  eventId: string;
  /** The checkpoint of the HistorySealed event itself. */
  at: string;
}

/** The recorded seal of a stored `HistorySealed` event, if it is one. */
export const recordedSealOf = (event: ChainedEvent): RecordedSealRef | undefined => {
  if (event.type !== 'HistorySealed') return undefined;
  const data = event.data as Partial<HistorySealed['data']>;
  if (typeof data.tenantId !== 'string' || typeof data.checkpoint !== 'string') return undefined;
  if (typeof data.headsHash !== 'string' || event.streamName !== sealStreamOf(data.tenantId))
    return undefined;
  return {
    tenantId: data.tenantId,
    checkpoint: data.checkpoint,
    headsHash: data.headsHash,
    stream: event.streamName,
    revision: event.streamRevision,
    eventId: event.id,
    at: event.checkpoint,
  };
};

/** The seals recorded in these tenants' histories, from their seal streams. */
export const recordedSealsOf = async (store: EventStore, tenantIds: readonly string[]) => {
  const found: RecordedSealRef[] = [];
  for (const tenantId of tenantIds) {
    for await (const event of store.readStream(sealStreamOf(tenantId))) {
      const seal = recordedSealOf(event);
      if (seal) found.push(seal);
    }
  }
  return found;
};

/** What a verification found; `ok` when there is no problem at all. */
export interface VerifyReport {
  /** Events read (of the tenant, when one was asked for). */
  events: number;
  streams: number;
  /** The first problem of each broken stream, then the seal's findings. */
  problems: ChainProblem[];
  /** How many sealed heads were checked (0 without a seal). */
  sealedHeads: number;
  /** How many seals recorded in the history were checked against the heads at their checkpoints. */
  recordedSeals: number;
  ok: boolean;
}

/** A stream as the single pass has checked it so far. */
interface StreamState {
  revision: bigint;
  hash: Buffer;
  /** Its chain broke: the rest is left to `analyseStream`, which reads the whole stream again. */
  broken: boolean;
}

const progressEvery = 4096;

/**
 * Checks every stream's chain in one pass over `events` (log order, which the stores keep equal to revision
 * order within a stream), holding only each stream's last link. A stream whose chain breaks is read again in
 * full through `reread` to name its first problem. The seal's heads are checked as they go by.
 */
export const verifyEvents = async (
  events: AsyncIterable<ChainedEvent>,
  reread: (streams: ReadonlySet<string>) => AsyncIterable<ChainedEvent>,
  options: Omit<VerifyOptions, 'tenantId'> & { tenantId?: string } = {},
): Promise<VerifyReport> => {
  const { tenantId, seal, onProgress } = options;
  const streams = new Map<string, StreamState>();
  const broken = new Set<string>();
  const sealed = new Map<string, { revision: bigint; hash: string; seen: boolean }>();
  for (const head of seal?.heads ?? []) {
    sealed.set(head.stream, { revision: BigInt(head.revision), hash: head.hash, seen: false });
  }
  const sealProblems: ChainProblem[] = [];
  let count = 0;
  let checkpoint = '';

  // Recorded seals are checked when the pass goes beyond their checkpoint, against the heads collected so far.
  const pending = [...(options.recordedSeals ?? [])]
    .filter((recorded) => tenantId === undefined || recorded.tenantId === tenantId)
    .sort((a, b) => (a.checkpoint < b.checkpoint ? -1 : a.checkpoint > b.checkpoint ? 1 : 0));
  const collectors = new Map(
    pending.map((recorded) => [recorded.tenantId, createHeadCollector(recorded.tenantId)]),
  );
  const recordedProblems: ChainProblem[] = [];
  const checkRecorded = (recorded: RecordedSealRef) => {
    const heads = collectors.get(recorded.tenantId)?.heads(recorded.checkpoint);
    if (heads?.hash === recorded.headsHash) return;
    recordedProblems.push({
      kind: 'seal_broken',
      stream: recorded.stream,
      revision: recorded.revision,
      eventId: recorded.eventId,
      checkpoint: recorded.at,
      detail:
        `the seal recorded the heads of ${recorded.tenantId}'s streams at ${recorded.checkpoint} as ` +
        `${recorded.headsHash}; they now give ${heads?.hash ?? 'nothing'}: a stream was cut back or rewritten after it`,
    });
  };
  const checkedRecorded = pending.length;

  for await (const event of events) {
    checkpoint = event.checkpoint;
    while (pending.length > 0 && (pending[0] as RecordedSealRef).checkpoint < checkpoint) {
      checkRecorded(pending.shift() as RecordedSealRef);
    }
    collectors.get(event.metadata.tenantId as string)?.add(event);
    if (tenantId !== undefined && event.metadata.tenantId !== tenantId) continue;
    count += 1;
    if (onProgress && count % progressEvery === 0) onProgress({ events: count, checkpoint });
    const name = event.streamName;
    const revision = event.streamRevision;
    if (sealed.size > 0) {
      const head = sealed.get(name);
      if (head && head.revision === revision) {
        head.seen = true;
        if (head.hash !== event.hash) {
          sealProblems.push({
            kind: 'altered',
            stream: name,
            revision,
            eventId: event.id,
            checkpoint: event.checkpoint,
            detail: `the sealed head's hash is ${head.hash}, the stored one ${event.hash ?? 'none'}`,
          });
        }
      }
    }
    let state = streams.get(name);
    if (state?.broken) continue;
    const expected = state ? state.revision + 1n : 0n;
    const stored = event.hash;
    if (stored !== undefined && revision === expected) {
      const link = linkOf(state ? state.hash : null, revision, digestOf(name, event));
      if (link.toString('hex') === stored) {
        if (state) {
          state.revision = revision;
          state.hash = link;
        } else {
          streams.set(name, { revision, hash: link, broken: false });
        }
        continue;
      }
    }
    if (!state) {
      state = { revision, hash: Buffer.alloc(0), broken: true };
      streams.set(name, state);
    }
    state.broken = true;
    broken.add(name);
  }

  const problems: ChainProblem[] = [];
  if (broken.size > 0) {
    const byStream = new Map<string, ChainedEvent[]>();
    for await (const event of reread(broken)) {
      if (!broken.has(event.streamName)) continue;
      const list = byStream.get(event.streamName) ?? [];
      list.push(event);
      byStream.set(event.streamName, list);
    }
    for (const name of broken) {
      const problem = analyseStream(byStream.get(name) ?? []);
      problems.push(
        problem ?? {
          kind: 'altered',
          stream: name,
          revision: streams.get(name)?.revision ?? 0n,
          detail: 'the chain broke while reading, but reads whole on a second look (changed meanwhile?)',
        },
      );
    }
  }

  if (seal) {
    if (!sealIsIntact(seal)) {
      problems.push({
        kind: 'seal_tampered',
        stream: '',
        revision: -1n,
        detail: `the seal's hash ${seal.hash} is not the hash of its own heads: the seal was changed`,
      });
    }
    problems.push(...sealProblems);
    for (const [name, head] of sealed) {
      if (head.seen) continue;
      const state = streams.get(name);
      problems.push({
        kind: 'truncated',
        stream: name,
        revision: head.revision,
        detail: state
          ? `the seal has revision ${head.revision} as the head, the stream now ends at ${state.revision}`
          : `the seal has revision ${head.revision} as the head, the stream is gone`,
      });
    }
  }
  for (const recorded of pending) checkRecorded(recorded);
  problems.push(...recordedProblems);
  onProgress?.({ events: count, checkpoint });
  return {
    events: count,
    streams: streams.size,
    problems,
    sealedHeads: sealed.size,
    recordedSeals: checkedRecorded,
    ok: problems.length === 0,
  };
};

/**
 * Recomputes every stream's hash chain from a store's log, optionally for one tenant, checks the seals recorded in
 * the history (the tenant's, or those given) and a seal kept outside. Pass the raw store (`createPostgresEventStore`), not the schema-checking decorator: the chain is
 * over the stored form.
 */
export const verifyChains = async (store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> =>
  verifyEvents(
    store.readAll(),
    async function* (streams) {
      for (const name of streams) yield* store.readStream(name);
    },
    {
      ...options,
      recordedSeals:
        options.recordedSeals ??
        (options.tenantId === undefined ? [] : await recordedSealsOf(store, [options.tenantId])),
    },
  );
