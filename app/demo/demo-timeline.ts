import type { CommandDefinition } from '../../commands/command-definition.js';
import { eventIdFor } from '../../commands/event-id.js';
import type { Actor } from '../../domain/shared/index.js';

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

/** A stable id for a named thing of the demo (a person, a device, …): the same on every machine. */
export const demoId = (name: string): string => eventIdFor(`demo:${name}`, 0);

/** One command of the demo, sent at `at` (milliseconds since the epoch) by `actor` to `tenantId`. */
export interface DemoCommand {
  at: number;
  tenantId: string;
  actor: Actor;
  definition: CommandDefinition<unknown>;
  payload: unknown;
}

/**
 * A thread of the demo's history (a ticket, a process, a hire) with a clock of its own. Each command is
 * sent at the story's clock, which then moves one minute on, so a story's commands never share an instant.
 */
export interface Story {
  readonly tenantId: string;
  /** Moves the story's clock `minutes` forward. */
  after(minutes: number): Story;
  /** Moves the story's clock to `time` (milliseconds since the epoch); a story never goes back in time. */
  at(time: number): Story;
  /** Sends a command at the story's clock. */
  run<Input>(actor: Actor, definition: CommandDefinition<Input>, payload: NoInfer<Input>): Story;
}

/** Dates and instants of the demo, all relative to the `now` it is seeded at. */
export interface DemoClock {
  /** `daysAgo` days before today (UTC), at `time` (`HH:MM`, UTC). */
  day(daysAgo: number, time?: string): number;
  /** `minutes` before now. */
  minutesAgo(minutes: number): number;
  /** The calendar date (`YYYY-MM-DD`) `daysAgo` days before today; negative: in the future. */
  date(daysAgo: number): string;
}

export interface Timeline {
  clock: DemoClock;
  /** A new story of `tenantId` whose clock starts at `start`. */
  story(tenantId: string, start: number): Story;
  /** Every command of every story, in time order (ties in the order they were planned). */
  commands(): DemoCommand[];
}

const timeOfDay = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The demo's history is planned as stories, then merged by time, so the log reads forward in time across
 * both tenants however the stories were written. Nothing may happen after `now`.
 */
export const createTimeline = (now: Date): Timeline => {
  const nowMs = now.getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const planned: DemoCommand[] = [];

  const clock: DemoClock = {
    day(daysAgo, time = '09:00') {
      const match = timeOfDay.exec(time);
      if (!match) throw new Error(`${time} is not a time of day (HH:MM)`);
      return today - daysAgo * dayMs + (Number(match[1]) * 60 + Number(match[2])) * minuteMs;
    },
    minutesAgo: (minutes) => nowMs - minutes * minuteMs,
    date: (daysAgo) => new Date(today - daysAgo * dayMs).toISOString().slice(0, 10),
  };

  const story = (tenantId: string, start: number): Story => {
    let at = start;
    const self: Story = {
      tenantId,
      after(minutes) {
        at += minutes * minuteMs;
        return self;
      },
      at(time) {
        if (time < at) {
          throw new Error(
            `A demo story cannot go back from ${new Date(at).toISOString()} to ${new Date(time).toISOString()}`,
          );
        }
        at = time;
        return self;
      },
      run(actor, definition, payload) {
        if (at >= nowMs) {
          throw new Error(
            `The demo's ${definition.type} would happen at ${new Date(at).toISOString()}, after now`,
          );
        }
        planned.push({ at, tenantId, actor, definition: definition as CommandDefinition<unknown>, payload });
        at += minuteMs;
        return self;
      },
    };
    return self;
  };

  // Array.prototype.sort is stable: commands planned for the same instant keep their planned order.
  return { clock, story, commands: () => [...planned].sort((a, b) => a.at - b.at) };
};
