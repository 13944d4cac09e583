/** Where progress goes: stderr, so that stdout stays the command's result. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLineOptions {
  /** How many events the run will go through, when known: the line then shows a bar, a share and the time left. */
  total?: number;
  output?: ProgressOutput;
  clock?: () => number;
}

const barWidth = 30;
const number = new Intl.NumberFormat('en-US');

/** `1.5 s`, `2 min 05 s`, `1 h 02 min`. */
const duration = (seconds: number) => {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
};

/**
 * A progress line for long CLI runs (verify, export, replay): on a terminal one line redrawn in place (at most
 * ~10 times a second), otherwise (a log, CI) a plain line every few seconds, so that a file does not fill with
 * carriage returns. With a total it is a progress bar: `[#####-----]  50% 1,000/2,000 events, …, ~2.0 s left`.
 */
export const createProgressLine = (label: string, options: ProgressLineOptions = {}) => {
  const output = options.output ?? process.stderr;
  const clock = options.clock ?? Date.now;
  const tty = output.isTTY === true;
  const started = clock();
  const interval = tty ? 100 : 2000;
  let total = options.total;
  let last = Number.NEGATIVE_INFINITY;
  let shown: string | undefined;
  const line = (events: number, note: string | undefined) => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    const parts = [
      `${number.format(events)} events`,
      duration(seconds),
      `${number.format(Math.round(rate))} events/s`,
    ];
    let bar = '';
    if (total !== undefined) {
      const share = total === 0 ? 1 : Math.min(events / total, 1);
      const filled = Math.round(share * barWidth);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${String(Math.round(share * 100)).padStart(3)}% `;
      parts[0] = `${number.format(events)}/${number.format(total)} events`;
      if (events < total && rate > 0) parts.push(`~${duration((total - events) / rate)} left`);
    }
    if (note) parts.push(note);
    return `${label}: ${bar}${parts.join(', ')}`;
  };
  const draw = (text: string, final: boolean) => {
    if (tty) output.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else output.write(`${text}\n`);
  };
  return {
    /** Sets the total once it is known (e.g. read from an export's header). */
    setTotal(events: number) {
      total = events;
    },
    /** Reports how far the run got; draws only when the last drawing is old enough. */
    update(events: number, note?: string) {
      const now = clock();
      if (now - last < interval) return;
      last = now;
      shown = `${events}|${note ?? ''}`;
      draw(line(events, note), false);
    },
    /** The final count, ending the line (in a log, unless the last line already showed it). */
    done(events: number, note?: string) {
      if (tty || shown !== `${events}|${note ?? ''}`) draw(line(events, note), true);
    },
  };
};
