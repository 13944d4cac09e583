import { createHash } from 'node:crypto';

/**
 * The tamper-evident chain over each stream. Every stored event carries
 * `hash = SHA-256(previous hash ‖ revision as 8 bytes big-endian ‖ digest)`, where the previous hash is that
 * of the event one revision earlier in the same stream (nothing for revision 0) and
 * `digest = SHA-256(canonical JSON of { data, id, metadata, stream, type })`.
 * Changing, removing, inserting or reordering a stored event breaks every hash from there to the stream's
 * head; cutting a stream's tail does not, which is what seals (the heads at a checkpoint, kept outside) are for.
 * The PostgreSQL adapter computes the same hash in a trigger (event-store/postgres/schema.ts).
 */

/**
 * JSON with object keys sorted by UTF-16 code units and no whitespace (RFC 8785's ordering), otherwise as
 * `JSON.stringify` writes values, so that what a reader parses back from the store hashes the same.
 */
export const canonicalJson = (value: unknown): string => {
  const text = canonical(value);
  return text === undefined ? 'null' : text;
};

const canonical = (value: unknown): string | undefined => {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return canonical((value as { toJSON(): unknown }).toJSON());
  }
  if (value === null || typeof value !== 'object') {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
    if (typeof value === 'bigint') throw new TypeError('A bigint has no JSON form');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
  const entries: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const text = canonical((value as Record<string, unknown>)[key]);
    if (text !== undefined) entries.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${entries.join(',')}}`;
};

/** What the chain commits to for one event, besides its revision. */
export interface ChainedContent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** SHA-256 of the event's canonical form in its stream (hex). */
export const eventDigest = (stream: string, event: ChainedContent): string =>
  sha256(
    Buffer.from(
      canonicalJson({ data: event.data, id: event.id, metadata: event.metadata, stream, type: event.type }),
      'utf8',
    ),
  ).toString('hex');

/** The event's link in its stream's chain (hex), from the previous event's hash (null at revision 0). */
export const chainHash = (previous: string | null, revision: bigint, digest: string): string => {
  const position = Buffer.alloc(8);
  position.writeBigInt64BE(revision);
  return sha256(Buffer.from(previous ?? '', 'hex'), position, Buffer.from(digest, 'hex')).toString('hex');
};
