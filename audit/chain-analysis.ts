import { type ChainedEvent, digestOf, linkOf } from './chain-link.js';

/** How a stored history differs from what its hash chain committed to. */
export type ProblemKind =
  /** An event's content (type, data, metadata, id) is not what was hashed. */
  | 'altered'
  /** Revisions are missing from a stream (deleted rows, possibly with the later ones renumbered). */
  | 'removed'
  /** A stream holds an event its chain never linked: a forged row, or a second one at a revision. */
  | 'inserted'
  /** An event sits at another revision than the one it was chained at, or holds another revision's content. */
  | 'reordered'
  /** A stored event carries no hash at all (written past the store). */
  | 'missing_hash'
  /** A sealed stream head is gone: the stream was cut back below what the seal recorded. */
  | 'truncated'
  /** The seal itself does not match its heads: the seal file was changed. */
  | 'seal_tampered'
  /**
   * A seal recorded in the history no longer matches the heads of its tenant's streams at its checkpoint: a
   * stream was cut back, or rewritten with a recomputed chain, after it was sealed.
   */
  | 'seal_broken';

/** One finding: where it is and, in `detail`, what an auditor should look at. */
export interface ChainProblem {
  kind: ProblemKind;
  stream: string;
  revision: bigint;
  /** The event at that place (for `removed`, the first one after the gap), when there is one. */
  eventId?: string;
  checkpoint?: string;
  detail: string;
}

interface Row {
  event: ChainedEvent;
  digest: Buffer;
  hash: Buffer | null;
}

// How far around a broken link the analysis looks for where an event came from; a tamperer's edit is local.
const window = 64;

const problemAt = (kind: ProblemKind, row: Row, detail: string): ChainProblem => ({
  kind,
  stream: row.event.streamName,
  revision: row.event.streamRevision,
  eventId: row.event.id,
  checkpoint: row.event.checkpoint,
  detail,
});

const fits = (previous: Row | undefined | null, revision: bigint, digest: Buffer, hash: Buffer | null) =>
  hash !== null && revision >= 0n && linkOf(previous?.hash ?? null, revision, digest).equals(hash);

/**
 * Names the first problem of one stream whose chain broke, from all its stored events. Each kind is told
 * apart by which link still holds: content that fits another revision's place was moved (`reordered`), a
 * later event that fits right after the last good one means the events between were `inserted`, a next event
 * that links with a higher revision means events were `removed` and the rest renumbered; otherwise the event
 * itself was `altered`.
 */
export const analyseStream = (events: readonly ChainedEvent[]): ChainProblem | undefined => {
  const rows: Row[] = events.map((event) => ({
    event,
    digest: digestOf(event.streamName, event),
    hash: event.hash === undefined ? null : Buffer.from(event.hash, 'hex'),
  }));
  // Array.prototype.sort is stable: rows at the same revision keep their log order.
  rows.sort((a, b) =>
    a.event.streamRevision === b.event.streamRevision
      ? 0
      : a.event.streamRevision < b.event.streamRevision
        ? -1
        : 1,
  );
  let expected = 0n;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as Row;
    const previous = i > 0 ? (rows[i - 1] as Row) : null;
    const revision = row.event.streamRevision;
    if (row.hash === null) {
      return problemAt('missing_hash', row, 'the event has no hash: it was written past the store');
    }
    if (revision > expected) {
      const missing =
        revision - expected === 1n ? `revision ${expected}` : `revisions ${expected}..${revision - 1n}`;
      return { ...problemAt('removed', row, `${missing} missing before this event`), revision: expected };
    }
    if (revision === expected && fits(previous, revision, row.digest, row.hash)) {
      // A second row at this revision that links too cannot happen: the ids differ, so the digests do.
      expected = revision + 1n;
      continue;
    }
    return classify(rows, i, expected);
  }
  return undefined;
};

const classify = (rows: readonly Row[], i: number, expected: bigint): ChainProblem => {
  const row = rows[i] as Row;
  const revision = row.event.streamRevision;
  const previous = i > 0 ? (rows[i - 1] as Row) : null;
  const from = Math.max(0, i - window);
  const to = Math.min(rows.length, i + window + 1);

  if (revision < expected) {
    return problemAt(
      'inserted',
      row,
      `a second event at revision ${revision}, which the chain does not link`,
    );
  }
  const firstAt = rows.findIndex((other) => other.event.streamRevision === revision);
  const twin = rows.find((other, j) => j !== i && other.event.streamRevision === revision);
  if (twin && fits(rows[firstAt - 1], revision, twin.digest, twin.hash)) {
    return problemAt(
      'inserted',
      row,
      `a second event at revision ${revision}, which the chain does not link`,
    );
  }

  // This event's content is the one chained at another revision (whole events or their type and data swapped).
  for (let j = from; j < to; j += 1) {
    const other = rows[j] as Row;
    if (j === i) continue;
    const before = j > 0 ? rows[j - 1] : null;
    const at = other.event.streamRevision;
    const own = fits(before, at, row.digest, other.hash);
    const payload =
      own ||
      fits(
        before,
        at,
        digestOf(row.event.streamName, { ...other.event, type: row.event.type, data: row.event.data }),
        other.hash,
      );
    if (payload) {
      const theirs = own ? other.event : { ...row.event, type: other.event.type, data: other.event.data };
      const back = fits(previous, revision, digestOf(row.event.streamName, theirs), row.hash);
      return problemAt(
        'reordered',
        row,
        `holds the ${own ? 'event' : 'type and data'} chained at revision ${at}${back ? ', and that revision holds this one’s (swapped)' : ''}`,
      );
    }
  }

  // This stored event (with its own hash) was chained elsewhere: right after an earlier event, with the rows
  // between it and that one inserted, or at another place altogether.
  for (let j = from; j <= Math.min(rows.length, i + window); j += 1) {
    const before = j > 0 ? (rows[j - 1] as Row) : null;
    if (before === row) continue;
    const base = before ? before.event.streamRevision : -1n;
    for (const at of [base + 1n, base, base + 2n]) {
      if (!fits(before, at, row.digest, row.hash)) continue;
      if (j < i && at === base + 1n && before !== previous) {
        const first = rows[j] as Row;
        return problemAt(
          'inserted',
          first,
          `${i - j} event(s) not in the chain stand before the event ${row.event.id}, which was chained at revision ${at}`,
        );
      }
      return problemAt('reordered', row, `stored at revision ${revision}, but chained at revision ${at}`);
    }
  }

  // A later event fits right after the last good one: this one and those up to it were inserted.
  for (let k = i + 1; k < to; k += 1) {
    const later = rows[k] as Row;
    if (fits(previous, expected, later.digest, later.hash)) {
      return problemAt(
        'inserted',
        row,
        `${k - i} event(s) not in the chain stand before the event ${later.event.id}, which was chained at revision ${expected}`,
      );
    }
  }

  // The next event links to this one at a higher revision: events were removed here and the rest renumbered.
  const next = rows[i + 1];
  if (next) {
    for (let shift = 1n; shift <= BigInt(window); shift += 1n) {
      if (fits(row, next.event.streamRevision + shift, next.digest, next.hash)) {
        return {
          ...problemAt(
            'removed',
            row,
            `${shift} event(s) removed before this one, and the later revisions renumbered to hide the gap`,
          ),
          revision,
        };
      }
    }
  }

  return problemAt('altered', row, 'the stored content does not match its hash');
};
