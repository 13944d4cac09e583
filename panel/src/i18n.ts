export const languages = ['pl', 'en'] as const;
export type Language = (typeof languages)[number];

const texts = {
  en: {
    title: 'IT operations panel',
    email: 'E-mail address',
    password: 'Password',
    logIn: 'Log in',
    logOut: 'Log out',
    loggingIn: 'Logging in…',
    loading: 'Loading…',
    dashboard: 'Dashboard',
    openTickets: 'Open tickets',
    runningProcesses: 'Running processes',
    decisionsWaiting: 'Decisions waiting for you',
    warrantiesEnding: 'Warranties ending',
    language: 'Language',
    signedInAs: 'Signed in as',
    notFound: 'Not found: this page does not exist or is not yours to see.',
  },
  pl: {
    title: 'Panel operacji IT',
    email: 'Adres e-mail',
    password: 'Hasło',
    logIn: 'Zaloguj',
    logOut: 'Wyloguj',
    loggingIn: 'Logowanie…',
    loading: 'Wczytywanie…',
    dashboard: 'Pulpit',
    openTickets: 'Otwarte zgłoszenia',
    runningProcesses: 'Trwające procesy',
    decisionsWaiting: 'Decyzje czekające na Ciebie',
    warrantiesEnding: 'Kończące się gwarancje',
    language: 'Język',
    signedInAs: 'Zalogowano jako',
    notFound: 'Nie znaleziono: ta strona nie istnieje lub nie masz do niej dostępu.',
  },
} satisfies Record<Language, Record<string, string>>;

export type TextKey = keyof (typeof texts)['en'];

const storageKey = 'itp.language';

/** The language remembered, else the browser's first preference we speak, else Polish (the first clients). */
export const initialLanguage = (): Language => {
  const stored = localStorage.getItem(storageKey);
  if (stored === 'pl' || stored === 'en') return stored;
  for (const preferred of navigator.languages) {
    const base = preferred.slice(0, 2).toLowerCase();
    if (base === 'pl' || base === 'en') return base;
  }
  return 'pl';
};

export const rememberLanguage = (language: Language) => localStorage.setItem(storageKey, language);

export const translate = (language: Language, key: TextKey) => texts[language][key];

/** Replaces the `{name}` placeholders of a text with the values given; an unknown name stays as it is. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
