import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EventStore } from '../event-store/index.js';
import { createHeadCollector } from '../event-store/stream-heads.js';
import type { ChainedEvent } from './chain-link.js';
import { type Seal, sealFormat } from './seal.js';
import {
  type RecordedSealRef,
  recordedSealOf,
  type VerifyProgress,
  type VerifyReport,
  verifyEvents,
} from './verify.js';

export const exportFormat = 'it-ops-panel/export@1';

/** The first line of an export. */
export interface ExportHeader {
  format: typeof exportFormat;
  tenantId: string;
  exportedAt: string;
  /** Checkpoints of the first and last event exported (null when the tenant has none). */
  from: string | null;
  to: string | null;
  events: number;
  streams: number;
}

/** One stored event as exported: all the chain commits to, and where it stood. */
export interface ExportedEvent {
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
  checkpoint: string;
  hash: string | null;
}

/** Where an export stands: counting the tenant's events and stream heads, then writing them (of `total`). */
export type ExportProgress = VerifyProgress & { pass: 'counting' | 'writing' };

/** The export's last line: the seal of its end. */
export interface ExportTrailer {
  seal: Seal;
}

/**
 * Writes a tenant's full history as NDJSON: a header, one line per stored event (the raw form the chain is
 * over, so it verifies offline), and the seal of the export's end. Two passes over the log, both bounded by the
 * checkpoint the first one ended at: the header's counts and the seal describe exactly the lines in between.
 */
export const exportTenant = async (
  store: EventStore,
  tenantId: string,
  file: string,
  options: { now?: Date; onProgress?: (progress: ExportProgress) => void } = {},
): Promise<{ header: ExportHeader; seal: Seal }> => {
  const collector = createHeadCollector(tenantId);
  let from: string | null = null;
  let to: string | null = null;
  let events = 0;
  let end: string | undefined;
  for await (const event of store.readAll()) {
    end = event.checkpoint;
    collector.add(event);
    if (event.metadata.tenantId !== tenantId) continue;
    from ??= event.checkpoint;
    to = event.checkpoint;
    events += 1;
    if (events % 4096 === 0) options.onProgress?.({ pass: 'counting', events, checkpoint: event.checkpoint });
  }
  const sealed = collector.heads(end ?? '');
  const seal: Seal = { format: sealFormat, ...sealed };
  const header: ExportHeader = {
    format: exportFormat,
    tenantId,
    exportedAt: (options.now ?? new Date()).toISOString(),
    from,
    to,
    events,
    streams: sealed.heads.length,
  };

  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    await write(JSON.stringify(header));
    let written = 0;
    if (end !== undefined) {
      for await (const event of store.readAll()) {
        if (event.checkpoint > end) break;
        if (event.metadata.tenantId !== tenantId) continue;
        const line: ExportedEvent = {
          id: event.id,
          stream: event.streamName,
          revision: Number(event.streamRevision),
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          recordedAt: event.recordedAt.toISOString(),
          checkpoint: event.checkpoint,
          hash: event.hash ?? null,
        };
        await write(JSON.stringify(line));
        written += 1;
        if (written % 4096 === 0)
          options.onProgress?.({
            pass: 'writing',
            events: written,
            total: events,
            checkpoint: event.checkpoint,
          });
      }
    }
    const trailer: ExportTrailer = { seal };
    await write(JSON.stringify(trailer));
    options.onProgress?.({ pass: 'writing', events: written, total: events, checkpoint: end ?? '' });
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { header, seal };
};

/** The file is not an export at all (an edited but readable export is a finding, not this). */
export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFormatError';
  }
}

type Line = { header: ExportHeader } | { event: ChainedEvent } | { seal: Seal } | { broken: number };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function* readLines(file: string): AsyncIterable<Line> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { broken: number };
      continue;
    }
    if (!isObject(value)) yield { broken: number };
    else if (value.format === exportFormat) yield { header: value as unknown as ExportHeader };
    else if (isObject(value.seal)) yield { seal: value.seal as unknown as Seal };
    else if (typeof value.stream === 'string' && Number.isSafeInteger(value.revision)) {
      const event = value as unknown as ExportedEvent;
      yield {
        event: {
          id: event.id,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          streamName: event.stream,
          streamRevision: BigInt(event.revision),
          checkpoint: event.checkpoint,
          ...(typeof event.hash === 'string' ? { hash: event.hash } : {}),
        },
      };
    } else yield { broken: number };
  }
}

async function* eventsOf(file: string, found: { header?: ExportHeader; seal?: Seal; broken: number[] }) {
  for await (const line of readLines(file)) {
    if ('event' in line) yield line.event;
    else if ('header' in line) found.header = line.header;
    else if ('seal' in line) found.seal = line.seal;
    else found.broken.push(line.broken);
  }
}

/** What an import found: the chains and the export's own seal, and an outside seal when one was given. */
export interface ImportReport extends VerifyReport {
  header: ExportHeader;
}

/**
 * Re-checks an export from the file alone (no database): every chain, the export's own seal of its end, and
 * `seal` (kept outside) when given. A changed, dropped, added or moved line is a named problem.
 */
export const importAndVerify = async (
  file: string,
  options: { seal?: Seal; onProgress?: (progress: VerifyProgress) => void } = {},
): Promise<ImportReport> => {
  const found: { header?: ExportHeader; seal?: Seal; broken: number[] } = { broken: [] };
  const reread = (streams: ReadonlySet<string>) =>
    (async function* () {
      for await (const event of eventsOf(file, { broken: [] }))
        if (streams.has(event.streamName)) yield event;
    })();
  // The header comes first: read it before the pass that needs its tenant.
  for await (const line of readLines(file)) {
    if ('header' in line) found.header = line.header;
    break;
  }
  const header = found.header;
  if (!header) throw new ExportFormatError(`${file} does not start with an export header (${exportFormat})`);
  const { onProgress } = options;
  // The seals recorded in the exported history are checked too: read them first, a pass over the file.
  const recordedSeals: RecordedSealRef[] = [];
  for await (const event of eventsOf(file, { broken: [] })) {
    const recorded = recordedSealOf(event);
    if (recorded && recorded.tenantId === header.tenantId) recordedSeals.push(recorded);
  }
  const own = await verifyEvents(eventsOf(file, found), reread, {
    tenantId: header.tenantId,
    recordedSeals,
    ...(onProgress ? { onProgress: (progress) => onProgress({ ...progress, total: header.events }) } : {}),
  });
  const problems = [...own.problems];
  for (const line of found.broken) {
    problems.push({
      kind: 'altered',
      stream: '',
      revision: -1n,
      detail: `line ${line} is not an export line`,
    });
  }
  if (own.events !== header.events) {
    problems.push({
      kind: own.events < header.events ? 'removed' : 'inserted',
      stream: '',
      revision: -1n,
      detail: `the header counts ${header.events} events, the file holds ${own.events}`,
    });
  }
  const seals = [found.seal, options.seal].filter((seal): seal is Seal => seal !== undefined);
  if (!found.seal) {
    problems.push({
      kind: 'truncated',
      stream: '',
      revision: -1n,
      detail: 'the export ends without its seal',
    });
  }
  let sealedHeads = 0;
  for (const seal of seals) {
    const checked = await verifyEvents(eventsOf(file, { broken: [] }), reread, {
      tenantId: header.tenantId,
      seal,
    });
    sealedHeads += checked.sealedHeads;
    problems.push(
      ...checked.problems.filter((problem) => !own.problems.some((p) => sameProblem(p, problem))),
    );
  }
  return { ...own, header, problems, sealedHeads, ok: problems.length === 0 };
};

const sameProblem = (a: VerifyReport['problems'][number], b: VerifyReport['problems'][number]) =>
  a.kind === b.kind && a.stream === b.stream && a.revision === b.revision;
