import type { Language } from '../i18n.js';
import { formats, type Texts } from '../view.js';

/** The words of the audit tools page, in both languages; `{name}` marks a value filled in. */
export const auditToolsTexts: Texts<
  | 'title'
  | 'intro'
  | 'verifyTitle'
  | 'verifyIntro'
  | 'verifyForm'
  | 'sealFile'
  | 'sealFileHint'
  | 'sealFileNotJson'
  | 'verify'
  | 'verifying'
  | 'fixSeal'
  | 'intact'
  | 'intactWithSeal'
  | 'recordedSealsMatch'
  | 'problemsFound'
  | 'problemsCaption'
  | 'problemKind'
  | 'stream'
  | 'revision'
  | 'detail'
  | 'theSeal'
  | 'exportTitle'
  | 'exportIntro'
  | 'exportLink'
  | 'sealsTitle'
  | 'sealsIntro'
  | 'sealNow'
  | 'sealing'
  | 'sealed'
  | 'nothingToSeal'
  | 'sealsLoading'
  | 'sealsEmpty'
  | 'sealsCaption'
  | 'sealedAt'
  | 'checkpoint'
  | 'streams'
  | 'sealedBy'
  | 'sealFileLink'
  | 'sealFileLabel'
  | 'you'
  | 'periodic'
  | 'rebuildsTitle'
  | 'rebuildsIntro'
  | 'rebuildForm'
  | 'asOfDate'
  | 'asOfTime'
  | 'asOfTimeHint'
  | 'rebuild'
  | 'rebuildStarting'
  | 'rebuildStarted'
  | 'dateMissing'
  | 'fixFields'
  | 'rebuildsLoading'
  | 'rebuildsEmpty'
  | 'rebuildsCaption'
  | 'asOf'
  | 'status'
  | 'events'
  | 'rows'
  | 'actions'
  | 'building'
  | 'ready'
  | 'failed'
  | 'interrupted'
  | 'progressOf'
  | 'builtAt'
  | 'open'
  | 'openLabel'
  | 'delete'
  | 'deleteLabel'
  | 'deleted'
  | 'tablesTitle'
  | 'tablesCaption'
  | 'table'
  | 'show'
  | 'showLabel'
  | 'rebuildReady'
  | 'rebuildFailed'
  | 'tableRowsCaption'
  | 'tableRowsLoading'
  | 'tableEmpty'
  | 'shownRows'
  | 'firstPage'
  | 'nextPage'
> = {
  en: {
    title: 'Audit tools',
    intro:
      "Check that the company's history was not altered, take it away as a file, seal it, and see the data as it stood on any day.",
    verifyTitle: 'Verify the history',
    verifyIntro:
      'Recomputes the hash chain of every stream from the stored events. Choose a seal file kept outside the system to check it too.',
    verifyForm: 'Verify the history',
    sealFile: 'Seal file kept outside (optional)',
    sealFileHint: 'A seal downloaded from the list of seals below, or written by "npm run audit -- seal".',
    sealFileNotJson: 'The chosen file is not JSON, so it cannot be a seal.',
    verify: 'Verify the history',
    verifying: 'Verifying…',
    fixSeal: 'The seal file was not accepted: see the field.',
    intact: 'OK: the history is intact. {events} in {streams} verified.',
    intactWithSeal:
      'OK: the history is intact. {events} in {streams} verified, and the seal file matches ({heads} checked).',
    recordedSealsMatch: 'The seals recorded in the history match too: {recorded}.',
    problemsFound:
      'Problems found: {problems}. {events} in {streams} verified; each problem is listed below.',
    problemsCaption: 'What the verification found',
    problemKind: 'Problem',
    stream: 'Stream',
    revision: 'Revision',
    detail: 'Detail',
    theSeal: 'the seal file',
    exportTitle: 'Export the history',
    exportIntro:
      'The full history as one NDJSON file: a header, every stored event as its hash chain covers it, and a seal of its end. Check it offline with "npm run audit -- import-verify FILE".',
    exportLink: 'Download the full history (NDJSON)',
    sealsTitle: 'Seals',
    sealsIntro:
      'A seal records one hash over the last event of every stream. Keep its file outside the system: verifying against it later shows whether anything was cut or rewritten since.',
    sealNow: 'Seal now',
    sealing: 'Sealing…',
    sealed: 'Sealed: the new seal is at the top of the list.',
    nothingToSeal: 'Nothing changed since the last seal, so no new seal was recorded.',
    sealsLoading: 'Loading the seals…',
    sealsEmpty: 'No seal has been recorded yet. Seal the history now to start.',
    sealsCaption: 'Recorded seals, newest first',
    sealedAt: 'Sealed',
    checkpoint: 'Checkpoint',
    streams: 'Streams',
    sealedBy: 'By',
    sealFileLink: 'Download the file',
    sealFileLabel: 'Download the file of the seal of {when}',
    you: 'you',
    periodic: 'automatic seal',
    rebuildsTitle: 'The read models as of a date',
    rebuildsIntro:
      "Rebuilds the panel's tables (devices, people, tickets, processes, …) from the events recorded up to a moment, in the background, so you can read them as they stood then.",
    rebuildForm: 'Rebuild the read models as of a date',
    asOfDate: 'Date',
    asOfTime: 'Time (optional)',
    asOfTimeHint: "On the company's clock ({zone}); without a time, the start of the day (00:00).",
    rebuild: 'Rebuild as of this moment',
    rebuildStarting: 'Starting…',
    rebuildStarted: 'The rebuild as of {when} has started; its progress shows in the list.',
    dateMissing: 'Choose a date.',
    fixFields: 'Please correct the marked fields.',
    rebuildsLoading: 'Loading the rebuilds…',
    rebuildsEmpty: 'No rebuild yet. Choose a date above to start one.',
    rebuildsCaption: 'Rebuilds of the read models, latest date first',
    asOf: 'As of',
    status: 'Status',
    events: 'Events applied',
    rows: 'Rows',
    actions: 'Actions',
    building: 'Building',
    ready: 'Ready',
    failed: 'Failed',
    interrupted: 'Interrupted: the server stopped while it was building',
    progressOf: 'Progress of the rebuild as of {when}',
    builtAt: 'built {when}',
    open: 'Open',
    openLabel: 'Open the read models as of {when}',
    delete: 'Delete',
    deleteLabel: 'Delete the rebuild as of {when}',
    deleted: 'The rebuild as of {when} was deleted.',
    tablesTitle: 'The read models as of {when}',
    tablesCaption: 'Tables of this rebuild, with their rows',
    table: 'Table',
    show: 'Show the rows',
    showLabel: 'Show the rows of {table}',
    rebuildReady: 'The rebuild as of {when} is ready: open it to read its tables.',
    rebuildFailed: 'The rebuild as of {when} failed: {error}',
    tableRowsCaption: '{table} as of {when}, in key order',
    tableRowsLoading: 'Loading the rows…',
    tableEmpty: 'This table held no rows then.',
    shownRows: 'Rows {from}–{to} of {total}.',
    firstPage: 'First page',
    nextPage: 'Next page',
  },
  pl: {
    title: 'Narzędzia audytu',
    intro:
      'Sprawdź, czy historia firmy nie została zmieniona, pobierz ją jako plik, opieczętuj ją i zobacz dane takie, jakie były dowolnego dnia.',
    verifyTitle: 'Weryfikacja historii',
    verifyIntro:
      'Przelicza łańcuch skrótów każdego strumienia z zapisanych zdarzeń. Wybierz plik pieczęci przechowywany poza systemem, aby sprawdzić także ją.',
    verifyForm: 'Zweryfikuj historię',
    sealFile: 'Plik pieczęci przechowywany poza systemem (opcjonalnie)',
    sealFileHint: 'Pieczęć pobrana z listy pieczęci poniżej albo zapisana przez „npm run audit -- seal”.',
    sealFileNotJson: 'Wybrany plik nie jest plikiem JSON, więc nie może być pieczęcią.',
    verify: 'Zweryfikuj historię',
    verifying: 'Weryfikowanie…',
    fixSeal: 'Plik pieczęci nie został przyjęty: zobacz pole.',
    intact: 'OK: historia jest nienaruszona. Sprawdzono {events} w {streams}.',
    intactWithSeal:
      'OK: historia jest nienaruszona. Sprawdzono {events} w {streams}, a plik pieczęci się zgadza ({heads}).',
    recordedSealsMatch: 'Pieczęcie zapisane w historii również się zgadzają: {recorded}.',
    problemsFound:
      'Znalezione problemy: {problems}. Sprawdzono {events} w {streams}; każdy problem opisano niżej.',
    problemsCaption: 'Co znalazła weryfikacja',
    problemKind: 'Problem',
    stream: 'Strumień',
    revision: 'Wersja',
    detail: 'Szczegóły',
    theSeal: 'plik pieczęci',
    exportTitle: 'Eksport historii',
    exportIntro:
      'Pełna historia jako jeden plik NDJSON: nagłówek, każde zapisane zdarzenie tak, jak obejmuje je łańcuch skrótów, i pieczęć jego końca. Sprawdź go bez połączenia poleceniem „npm run audit -- import-verify PLIK”.',
    exportLink: 'Pobierz pełną historię (NDJSON)',
    sealsTitle: 'Pieczęcie',
    sealsIntro:
      'Pieczęć zapisuje jeden skrót ostatnich zdarzeń wszystkich strumieni. Przechowuj jej plik poza systemem: weryfikacja z nim pokaże później, czy coś zostało usunięte lub przepisane.',
    sealNow: 'Opieczętuj teraz',
    sealing: 'Pieczętowanie…',
    sealed: 'Opieczętowano: nowa pieczęć jest na początku listy.',
    nothingToSeal: 'Od ostatniej pieczęci nic się nie zmieniło, więc nie zapisano nowej.',
    sealsLoading: 'Wczytywanie pieczęci…',
    sealsEmpty: 'Nie zapisano jeszcze żadnej pieczęci. Opieczętuj historię teraz, aby zacząć.',
    sealsCaption: 'Zapisane pieczęcie, od najnowszej',
    sealedAt: 'Opieczętowano',
    checkpoint: 'Punkt kontrolny',
    streams: 'Strumienie',
    sealedBy: 'Kto',
    sealFileLink: 'Pobierz plik',
    sealFileLabel: 'Pobierz plik pieczęci z {when}',
    you: 'Ty',
    periodic: 'pieczęć automatyczna',
    rebuildsTitle: 'Modele odczytu na wybrany dzień',
    rebuildsIntro:
      'Odtwarza w tle tabele panelu (urządzenia, osoby, zgłoszenia, procesy, …) ze zdarzeń zapisanych do wybranej chwili, aby można je było przeczytać w ówczesnym stanie.',
    rebuildForm: 'Odtwórz modele odczytu na wybrany dzień',
    asOfDate: 'Data',
    asOfTime: 'Godzina (opcjonalnie)',
    asOfTimeHint: 'Według zegara firmy ({zone}); bez godziny: początek dnia (00:00).',
    rebuild: 'Odtwórz stan z tej chwili',
    rebuildStarting: 'Uruchamianie…',
    rebuildStarted: 'Rozpoczęto odtwarzanie stanu z {when}; postęp widać na liście.',
    dateMissing: 'Wybierz datę.',
    fixFields: 'Popraw zaznaczone pola.',
    rebuildsLoading: 'Wczytywanie odtworzeń…',
    rebuildsEmpty: 'Nie ma jeszcze odtworzeń. Wybierz datę powyżej, aby je rozpocząć.',
    rebuildsCaption: 'Odtworzenia modeli odczytu, od najpóźniejszej daty',
    asOf: 'Stan z',
    status: 'Stan',
    events: 'Zastosowane zdarzenia',
    rows: 'Wiersze',
    actions: 'Działania',
    building: 'W toku',
    ready: 'Gotowe',
    failed: 'Nieudane',
    interrupted: 'Przerwane: serwer zatrzymał się w trakcie',
    progressOf: 'Postęp odtwarzania stanu z {when}',
    builtAt: 'ukończono {when}',
    open: 'Otwórz',
    openLabel: 'Otwórz modele odczytu ze stanem z {when}',
    delete: 'Usuń',
    deleteLabel: 'Usuń odtworzenie stanu z {when}',
    deleted: 'Usunięto odtworzenie stanu z {when}.',
    tablesTitle: 'Modele odczytu ze stanem z {when}',
    tablesCaption: 'Tabele tego odtworzenia i liczba ich wierszy',
    table: 'Tabela',
    show: 'Pokaż wiersze',
    showLabel: 'Pokaż wiersze tabeli {table}',
    rebuildReady: 'Odtworzenie stanu z {when} jest gotowe: otwórz je, aby przeczytać tabele.',
    rebuildFailed: 'Odtworzenie stanu z {when} nie powiodło się: {error}',
    tableRowsCaption: '{table}, stan z {when}, według klucza',
    tableRowsLoading: 'Wczytywanie wierszy…',
    tableEmpty: 'Ta tabela nie miała wtedy wierszy.',
    shownRows: 'Wiersze {from}–{to} z {total}.',
    firstPage: 'Pierwsza strona',
    nextPage: 'Następna strona',
  },
};

export type AuditToolsText = (typeof auditToolsTexts)['en'];

/** What each kind of problem a verification names means, in words (audit/chain-analysis.ts). */
const problemWords: Record<string, { en: string; pl: string }> = {
  altered: {
    en: "Altered: the event's content is not what was hashed",
    pl: 'Zmienione: treść zdarzenia nie jest tą, której skrót zapisano',
  },
  removed: {
    en: 'Removed: events are missing from the stream',
    pl: 'Usunięte: w strumieniu brakuje zdarzeń',
  },
  inserted: {
    en: 'Inserted: the stream holds an event its chain never linked',
    pl: 'Wstawione: strumień zawiera zdarzenie, którego łańcuch nigdy nie objął',
  },
  reordered: {
    en: 'Reordered: an event sits at another place than it was chained at',
    pl: 'Przestawione: zdarzenie stoi w innym miejscu niż to, w którym je połączono',
  },
  missing_hash: {
    en: 'No hash: the event was stored without one',
    pl: 'Brak skrótu: zdarzenie zapisano bez niego',
  },
  truncated: {
    en: 'Cut short: the stream ends before the head the seal recorded',
    pl: 'Skrócone: strumień kończy się przed zdarzeniem zapisanym w pieczęci',
  },
  seal_tampered: {
    en: 'Seal changed: the seal file does not match its own hash',
    pl: 'Zmieniona pieczęć: plik pieczęci nie zgadza się z własnym skrótem',
  },
  seal_broken: {
    en: 'Seal broken: a stream was cut back or rewritten after a seal recorded in the history',
    pl: 'Naruszona pieczęć: strumień skrócono lub przepisano po pieczęci zapisanej w historii',
  },
};

/** A problem kind in words; an unknown one (a newer server) as it came. */
export const problemWord = (language: Language, kind: string) => problemWords[kind]?.[language] ?? kind;

type Noun = 'event' | 'stream' | 'row' | 'head';

const nouns: Record<Language, Record<Noun, Partial<Record<Intl.LDMLPluralRule, string>>>> = {
  en: {
    event: { one: 'event', other: 'events' },
    stream: { one: 'stream', other: 'streams' },
    row: { one: 'row', other: 'rows' },
    head: { one: 'sealed stream head', other: 'sealed stream heads' },
  },
  pl: {
    event: { one: 'zdarzenie', few: 'zdarzenia', many: 'zdarzeń', other: 'zdarzenia' },
    stream: { one: 'strumieniu', few: 'strumieniach', many: 'strumieniach', other: 'strumieniach' },
    row: { one: 'wiersz', few: 'wiersze', many: 'wierszy', other: 'wiersza' },
    head: {
      one: 'sprawdzono 1 strumień',
      few: 'sprawdzone strumienie',
      many: 'sprawdzonych strumieni',
      other: 'sprawdzonego strumienia',
    },
  },
};

/** A number with its noun in the right plural form: "1 event", "5 zdarzeń". */
export const counted = (language: Language, count: number, noun: Noun) => {
  const rule = new Intl.PluralRules(language === 'pl' ? 'pl-PL' : 'en-GB').select(count);
  const forms = nouns[language][noun];
  const word = forms[rule] ?? forms.other ?? '';
  // The Polish "one" of a sealed head reads as a phrase of its own.
  if (language === 'pl' && noun === 'head' && rule === 'one') return word;
  return `${formats(language).number.format(count)} ${word}`;
};
