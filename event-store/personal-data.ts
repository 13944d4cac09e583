import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { concatMap, from, of } from 'rxjs';
import type { PersonalDataCatalogue, PersonalFields } from '../domain/person/personal-data.js';
import type { EventStore, NewEvent, RecordedEvent } from './event-store.js';
import type { PersonKeys } from './person-keys.js';

/** The prefix of an encrypted field: `enc:v1:<base64 of iv | tag | ciphertext>`. */
const prefix = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;

/** A stored personal field that cannot be decrypted with its person's key: altered, or not ours. */
export class PersonalDataError extends Error {
  readonly code = 'PERSONAL_DATA_UNREADABLE';
  constructor(
    readonly eventId: string,
    readonly field: string,
  ) {
    super(`Personal field ${field} of event ${eventId} cannot be decrypted`);
    this.name = 'PersonalDataError';
  }
}

/** Binds a ciphertext to its place, so that it cannot be copied into another event, field or person. */
const placeOf = (tenantId: string, personId: string, eventId: string, field: string) =>
  Buffer.from(`${prefix}${tenantId}|${personId}|${eventId}|${field}`);

const encrypt = (key: Buffer, place: Buffer, value: unknown) => {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(place);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `${prefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
};

const decrypt = (key: Buffer, place: Buffer, value: string): unknown => {
  const bytes = Buffer.from(value.slice(prefix.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
  decipher.setAAD(place);
  decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
  const text = Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]);
  return JSON.parse(text.toString('utf8'));
};

const isEncrypted = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(prefix);

/** The tenant and person an event's personal fields belong to; both are required of such an event. */
const subjectOf = (event: NewEvent, subject: string) => {
  const tenantId = event.metadata.tenantId;
  const personId = event.data[subject];
  if (typeof tenantId !== 'string' || typeof personId !== 'string') {
    throw new Error(`${event.type} ${event.id} carries personal data without a tenant and a ${subject}`);
  }
  return { tenantId, personId };
};

export interface PersonalDataOptions {
  /** Which event fields are personal, and which event erases them (domain/person/personal-data.ts). */
  catalogue: PersonalDataCatalogue;
  /** Where the per-person keys live; give it a cache (`withPersonKeyCache`) for fast reads. */
  keys: PersonKeys;
}

/**
 * Wraps a store so that a person's personal data is stored encrypted under that person's own key and can
 * be erased by deleting the key (crypto-shredding), while the stored events, and so the hash chain over
 * them, never change.
 *
 * - Append: each personal field is replaced by its AES-256-GCM ciphertext (a random IV per field) under the
 *   subject person's key, made on first use. For a person already erased the placeholder is stored instead.
 * - Read: the fields are decrypted; once the key is gone each reads as its `erased` placeholder and
 *   `metadata.erasedFields` names them. A field stored in plain text (before this wrapper existed) is
 *   shown as it is while the person is not erased.
 * - Erasure: once the catalogue's erasure event is stored, its person's key is deleted; any read of that
 *   event deletes it too (idempotent), so a deletion that failed after the append is completed by the next
 *   reader: the projector's subscription within moments, or a retried command reading the stream.
 */
export const withPersonalData = (store: EventStore, options: PersonalDataOptions): EventStore => {
  const { catalogue, keys } = options;

  const sealed = async (event: NewEvent): Promise<NewEvent> => {
    const personal = catalogue.events[event.type];
    if (!personal) return event;
    const { tenantId, personId } = subjectOf(event, personal.subject);
    const key = await keys.create(tenantId, personId);
    const data = { ...event.data };
    const placeholders = personal.erased(personId);
    for (const field of personal.fields) {
      if (!(field in data)) continue;
      data[field] =
        key.status === 'erased'
          ? placeholders[field]
          : encrypt(key.key, placeOf(tenantId, personId, event.id, field), data[field]);
    }
    return { ...event, data };
  };

  const opened = async (event: RecordedEvent, personal: PersonalFields): Promise<RecordedEvent> => {
    const { tenantId, personId } = subjectOf(event, personal.subject);
    const key = await keys.get(tenantId, personId);
    const data = { ...event.data };
    const erasedFields: string[] = [];
    const placeholders = personal.erased(personId);
    for (const field of personal.fields) {
      if (!(field in data)) continue;
      const value = data[field];
      // Without any key row, a ciphertext's key was removed by hand: as good as erased. A plain value
      // without one predates this wrapper and is shown as stored.
      if (key?.status === 'erased' || (key === undefined && isEncrypted(value))) {
        data[field] = placeholders[field];
        erasedFields.push(field);
      } else if (key !== undefined && isEncrypted(value)) {
        try {
          data[field] = decrypt(key.key, placeOf(tenantId, personId, event.id, field), value);
        } catch {
          throw new PersonalDataError(event.id, field);
        }
      }
    }
    if (erasedFields.length === 0) return { ...event, data };
    return { ...event, data, metadata: { ...event.metadata, erasedFields } };
  };

  const erase = async (event: NewEvent) => {
    const { tenantId, personId } = subjectOf(event, catalogue.erasure.subject);
    await keys.delete(tenantId, personId);
  };

  /** The event as readers see it; a promise only for the few events that need a key. */
  const open = (event: RecordedEvent): RecordedEvent | Promise<RecordedEvent> => {
    const personal = catalogue.events[event.type];
    if (personal) return opened(event, personal);
    if (event.type === catalogue.erasure.type) return erase(event).then(() => event);
    return event;
  };

  return {
    async appendToStream(stream, events, opts) {
      const stored = await Promise.all(events.map(sealed));
      const result = await store.appendToStream(stream, stored, opts);
      for (const event of events) if (event.type === catalogue.erasure.type) await erase(event);
      return result;
    },
    async *readStream(stream, opts) {
      for await (const event of store.readStream(stream, opts)) yield await open(event);
    },
    async *readAll(opts) {
      for await (const event of store.readAll(opts)) yield await open(event);
    },
    subscribeToAll: (opts) =>
      store.subscribeToAll(opts).pipe(
        concatMap((event) => {
          const ready = open(event);
          return ready instanceof Promise ? from(ready) : of(ready);
        }),
      ),
    close: () => store.close(),
  };
};
