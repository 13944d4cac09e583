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

/** Dates, numbers and money in the panel's language (the tenant's currency comes with each amount). */
export const formats = (language: Language) => {
  const locale = language === 'pl' ? 'pl-PL' : 'en-GB';
  return {
    number: new Intl.NumberFormat(locale),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    money: (amount: number, currency: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100),
  };
};
