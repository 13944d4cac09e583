import { randomUUID } from 'node:crypto';
import { filter, firstValueFrom, type Observable, take, timeout, toArray } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../../event-store/index.js';

/** A unique stream name, so specs sharing one store never see each other's streams. */
export const newStream = (category = 'device') => `${category}-${randomUUID()}`;

/** A test event with a fresh id. */
export const newEvent = (type = 'DeviceRegistered', data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { tenantId: 'tenant-a', actor: { id: 'u1', role: 'technician' }, schemaVersion: 1 },
});

/** Drains an async iterable into an array. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

/** The first `count` events of a subscription that belong to `streams`, or a timeout error. */
export const receive = (
  events: Observable<RecordedEvent>,
  streams: Iterable<string>,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> => {
  const wanted = new Set(streams);
  return firstValueFrom(
    events.pipe(
      filter((event) => wanted.has(event.streamName)),
      take(count),
      timeout(timeoutMs),
      toArray(),
    ),
  );
};

/** Deterministic pseudo-random numbers (mulberry32), so a failing seeded run can be replayed. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
