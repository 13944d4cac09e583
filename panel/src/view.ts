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
