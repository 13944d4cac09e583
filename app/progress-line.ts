/** Where progress goes: stderr, so that stdout stays the command's result. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A progress line for long CLI runs: on a terminal one line redrawn in place (at most ~10 times a second),
 * otherwise (a log, CI) a plain line every few seconds, so that a file does not fill with carriage returns.
 */
export const createProgressLine = (
  label: string,
  output: ProgressOutput = process.stderr,
  clock: () => number = Date.now,
) => {
  const tty = output.isTTY === true;
  const started = clock();
  const interval = tty ? 100 : 2000;
  let last = Number.NEGATIVE_INFINITY;
  let shown = -1;
  const line = (events: number) => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? Math.round(events / seconds) : 0;
    return `${label}: ${events.toLocaleString('en-US')} events, ${seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} events/s`;
  };
  return {
    /** Reports how far the run got; draws only when the last drawing is old enough. */
    update(events: number) {
      const now = clock();
      if (now - last < interval) return;
      last = now;
      shown = events;
      output.write(tty ? `\r\x1b[2K${line(events)}` : `${line(events)}\n`);
    },
    /** The final count, ending the line (in a log, unless the last line already showed it). */
    done(events: number) {
      if (tty) output.write(`\r\x1b[2K${line(events)}\n`);
      else if (shown !== events) output.write(`${line(events)}\n`);
    },
  };
};
