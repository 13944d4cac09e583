import { map } from 'rxjs';
import type { EventStore, NewEvent, RecordedEvent } from './event-store.js';
import type { SchemaRegistry } from './schema-registry.js';
import { EventSchemaError } from './schema-registry.js';

const versionOf = (
  event: { type: string; metadata: Record<string, unknown> },
  fallback: number | undefined,
) => {
  const version = event.metadata.schemaVersion ?? fallback;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new EventSchemaError(event.type, Number.NaN, [
      'metadata.schemaVersion is missing or not an integer',
    ]);
  }
  return version;
};

/**
 * Wraps a store so that nothing invalid is ever stored and readers only see current versions: an append
 * is refused unless every event matches its type's latest schema (its `schemaVersion` is set to that
 * version when absent); a read validates each event at the version it was stored in and upcasts it.
 * Stored events are never rewritten; `metadata.storedSchemaVersion` tells a reader an event was upcast.
 */
export const withEventSchemas = (store: EventStore, registry: SchemaRegistry): EventStore => {
  const checked = (event: NewEvent): NewEvent => {
    const latest = registry.latestVersion(event.type);
    if (latest === undefined) throw new EventSchemaError(event.type, 0, ['unknown event type']);
    const version = versionOf(event, latest);
    if (version !== latest) {
      throw new EventSchemaError(event.type, version, [
        `new events are written in the latest version, v${latest}`,
      ]);
    }
    registry.validate(event.type, version, event.data);
    return { ...event, metadata: { ...event.metadata, schemaVersion: version } };
  };

  const current = (event: RecordedEvent): RecordedEvent => {
    const stored = versionOf(event, undefined);
    const { version, data } = registry.upcast(event.type, stored, event.data);
    if (version === stored) return event;
    return {
      ...event,
      data,
      metadata: { ...event.metadata, schemaVersion: version, storedSchemaVersion: stored },
    };
  };

  return {
    appendToStream: async (stream, events, opts) => store.appendToStream(stream, events.map(checked), opts),
    async *readStream(stream, opts) {
      for await (const event of store.readStream(stream, opts)) yield current(event);
    },
    async *readAll(opts) {
      for await (const event of store.readAll(opts)) yield current(event);
    },
    subscribeToAll: (opts) => store.subscribeToAll(opts).pipe(map(current)),
    close: () => store.close(),
  };
};
