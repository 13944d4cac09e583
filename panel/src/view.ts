import type { Me } from './api.js';
import type { Language } from './i18n.js';

/** What every view gets: who is logged in, the language, and the path's named parts. */
export interface ViewProps {
  me: Me;
  language: Language;
  params: Record<string, string>;
}

/** A view's own texts, in both languages; `textsOf(dictionary, language)` picks one. */
export type Texts<Keys extends string> = Record<Language, Record<Keys, string>>;

export const textsOf = <Keys extends string>(texts: Texts<Keys>, language: Language) => texts[language];

let tenantTimeZone: string | undefined;

/**
 * Shows dates and times in the time zone of the company the panel acts in (its organization's setting),
 * wherever the browser is; undefined: the browser's own. An unknown zone is ignored.
 */
export const showTimesIn = (timeZone: string | undefined) => {
  try {
    tenantTimeZone = timeZone && new Intl.DateTimeFormat('en', { timeZone }) ? timeZone : undefined;
  } catch {
    tenantTimeZone = undefined;
  }
};

/**
 * Dates, numbers and money in the panel's language, times in the company's time zone (the tenant's
 * currency comes with each amount).
 */
export const formats = (language: Language) => {
  const locale = language === 'pl' ? 'pl-PL' : 'en-GB';
  const zone = tenantTimeZone ? { timeZone: tenantTimeZone } : {};
  return {
    number: new Intl.NumberFormat(locale),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...zone }),
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...zone }),
    money: (amount: number, currency: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100),
  };
};

/** How far the clock of `timeZone` is ahead of UTC at `instant` (ms). */
const offsetAt = (instant: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
};

/**
 * A day and a time of day read on the clock the panel shows times in (the company's, else the browser's) as
 * an instant: `2026-03-31` and `17:30` in Warsaw are 15:30 UTC in summer. Undefined when they are not a moment.
 */
export const instantOnShownClock = (date: string, time = ''): Date | undefined => {
  const wall = `${date}T${time || '00:00'}`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(wall)) return undefined;
  if (!tenantTimeZone) {
    const local = new Date(wall);
    return Number.isNaN(local.getTime()) ? undefined : local;
  }
  const asUtc = Date.parse(`${wall}Z`);
  if (Number.isNaN(asUtc)) return undefined;
  // The zone's offset at the wall time itself, taken twice so a change of offset (summer time) is followed.
  const first = asUtc - offsetAt(asUtc, tenantTimeZone);
  return new Date(asUtc - offsetAt(first, tenantTimeZone));
};

/** Today's date (`YYYY-MM-DD`) on the clock the panel shows times in. */
export const todayOnShownClock = () =>
  new Intl.DateTimeFormat('sv-SE', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(tenantTimeZone ? { timeZone: tenantTimeZone } : {}),
  }).format(new Date());

/** The time zone the panel shows times in, by its name (`Europe/Warsaw`). */
export const shownTimeZone = () => tenantTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
