import { InvalidAppendError } from './errors.js';
import type { NewEvent } from './event-store.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks what every adapter must refuse before it touches storage: an empty batch, a missing stream name,
 * an id that is not a UUID or appears twice in the batch, an event without a type.
 */
export const assertAppendable = (stream: string, events: readonly NewEvent[]): void => {
  if (stream.length === 0) throw new InvalidAppendError(stream, 'stream name is empty');
  if (events.length === 0) throw new InvalidAppendError(stream, 'no events to append');
  const seen = new Set<string>();
  for (const event of events) {
    if (!uuid.test(event.id)) throw new InvalidAppendError(stream, `event id ${event.id} is not a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id))
      throw new InvalidAppendError(stream, `event id ${event.id} appears twice in one append`);
    seen.add(id);
    if (event.type.length === 0) throw new InvalidAppendError(stream, `event ${event.id} has no type`);
  }
};
