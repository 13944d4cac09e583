import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';

/** One request of a mix, named for the per-route figures and the error report. */
export type NamedRequest = autocannon.Request & { name: string };

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
}

/** One autocannon run: every answer's latency, by request name too. */
export interface LoadRun {
  seconds: number;
  times: number[];
  byName: Map<string, number[]>;
  /** Answers other than 2xx, connection errors and timeouts, warm-up included. */
  failures: number;
  /** The first failed answers, with their bodies. */
  firstFailures: string[];
}

/** The figures of one or more runs of the same mix at the same concurrency, pooled. */
export interface LoadResult extends Latencies {
  seconds: number;
  /** Answers per second over the measured time. */
  perSecond: number;
  /** Latencies of each named request. */
  byName: Record<string, Latencies>;
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

const latencies = (times: number[]): Latencies => {
  const sorted = [...times].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

/**
 * Runs autocannon with `connections` connections (one request in flight on each) through `requests` in turn,
 * each connection cycling on its own, for `warmup` seconds unmeasured and then `duration` seconds. Latencies
 * are kept per answer to the microsecond (autocannon's own histogram rounds to whole milliseconds).
 */
export const runLoad = async (options: {
  url: string;
  connections: number;
  duration: number;
  warmup: number;
  requests: readonly NamedRequest[];
}): Promise<LoadRun> => {
  const firstFailures: string[] = [];
  let failures = 0;
  // onResponse runs just before autocannon emits 'response' for the same answer, in the same tick.
  let answered = '';
  const requests = options.requests.map(
    ({ name, onResponse, ...request }): autocannon.Request => ({
      ...request,
      onResponse: (status, body, context, headers) => {
        answered = name;
        if (status < 200 || status >= 300) {
          failures += 1;
          if (firstFailures.length < 5) firstFailures.push(`${name}: ${status} ${body.slice(0, 600)}`);
        }
        if (typeof onResponse === 'function') onResponse(status, body, context, headers);
      },
    }),
  );
  const times: number[] = [];
  const byName = new Map<string, number[]>();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.duration,
    timeout: 30,
    requests,
    ...(options.warmup > 0 ? { warmup: { connections: options.connections, duration: options.warmup } } : {}),
  });
  // The typings leave out the client, which autocannon passes first.
  (instance as unknown as EventEmitter).on(
    'response',
    (_client: unknown, _status: number, _bytes: number, time: number) => {
      times.push(time);
      const named = byName.get(answered);
      if (named) named.push(time);
      else byName.set(answered, [time]);
    },
  );
  const result = await instance;
  return {
    seconds: result.duration,
    times,
    byName,
    failures: failures + result.errors + result.timeouts,
    firstFailures,
  };
};

/** Pools runs: answers per second over their summed time, percentiles over all their answers. */
export const summarize = (runs: readonly LoadRun[]): LoadResult => {
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const overall = latencies(runs.flatMap((run) => run.times));
  const names = new Set(runs.flatMap((run) => [...run.byName.keys()]));
  return {
    ...overall,
    seconds,
    perSecond: overall.count / seconds,
    byName: Object.fromEntries(
      [...names].map((name) => [name, latencies(runs.flatMap((run) => run.byName.get(name) ?? []))]),
    ),
  };
};
