/** One Server-Sent Event as the live endpoint sends it. */
export interface LiveEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** An open `GET /api/v1/live` stream read with fetch, collecting every event until closed. */
export interface LiveStream {
  status: number;
  contentType: string | null;
  /** The body of an answer that is not a stream (a problem), parsed. */
  problem: { code?: string; status?: number } | undefined;
  events: LiveEvent[];
  /** Resolves with the first event (seen already or still to come) that matches, or rejects after `ms`. */
  waitFor(match: (event: LiveEvent) => boolean, ms: number): Promise<LiveEvent>;
  close(): Promise<void>;
}

/** One complete event (the lines before a blank line); comment lines are dropped. */
const parseEvent = (block: string): LiveEvent | undefined => {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? undefined : { event, id, data: data.join('\n') };
};

/** Opens a live stream; the answer's status is known when this resolves, the events keep arriving. */
export const openLive = async (url: string, headers: Record<string, string> = {}): Promise<LiveStream> => {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { Accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  let reading: Promise<void> = Promise.resolve();
  let problem: LiveStream['problem'];
  if (response.ok && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    reading = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const parsed = parseEvent(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (parsed) {
              events.push(parsed);
              for (const wake of waiters) wake();
            }
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Aborted by close(), or the server ended the stream.
      }
    })();
  } else {
    problem = JSON.parse(await response.text());
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    problem,
    events,
    waitFor(match, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching live event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
};
