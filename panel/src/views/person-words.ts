import type { Language } from '../i18n.js';
import type { Texts } from '../view.js';

export const personStatuses = ['planned', 'active', 'leaving', 'departed'] as const;

const personWords: Texts<(typeof personStatuses)[number]> = {
  en: { planned: 'Planned', active: 'Active', leaving: 'Leaving', departed: 'Departed' },
  pl: { planned: 'Planowana', active: 'Aktywna', leaving: 'Odchodzi', departed: 'Odeszła' },
};

/** A person's status in words; an unknown code stays as it is. */
export const personWord = (language: Language, code: string) =>
  (personWords[language] as Record<string, string>)[code] ?? code;
