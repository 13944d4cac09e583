import { useEffect, useState } from 'preact/hooks';
import { api, chosenTenant } from '../api.js';
import type { Language } from '../i18n.js';
import { PageButtons } from '../page-buttons.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { deviceWord } from './device-words.js';
import { day, Link, type ListPage, messageOf, usePersonNames } from './directory.js';

/** One row of GET /api/v1/reports/replacement-plan. */
interface PlanItem {
  deviceId: string;
  assetTag: string;
  kind: string;
  model: string;
  status: string;
  holderId: string | null;
  purchaseDate: string;
  warrantyEnd: string;
  replacementDue: string | null;
  reasons: string[];
  expectedCost: { amount: number; currency: string };
}

const reasonWords: Texts<'replacement_age' | 'warranty_ending'> = {
  en: {
    replacement_age: 'Reached the replacement age',
    warranty_ending: 'Warranty ends within 90 days',
  },
  pl: {
    replacement_age: 'Osiągnęło wiek wymiany',
    warranty_ending: 'Gwarancja kończy się w ciągu 90 dni',
  },
};

const reasonWord = (language: Language, code: string) =>
  (reasonWords[language] as Record<string, string>)[code] ?? code;

const texts: Texts<
  | 'title'
  | 'intro'
  | 'loading'
  | 'empty'
  | 'csv'
  | 'caption'
  | 'assetTag'
  | 'kind'
  | 'model'
  | 'holder'
  | 'purchaseDate'
  | 'warrantyEnd'
  | 'replacementDue'
  | 'reasons'
  | 'expectedCost'
  | 'nobody'
  | 'noAge'
  | 'nextPage'
  | 'firstPage'
> = {
  en: {
    title: 'Replacement plan',
    intro:
      'Devices in use or in stock whose warranty ends within 90 days or that have reached the replacement age set for their kind. The expected cost is what the device cost when bought.',
    loading: 'Loading the replacement plan…',
    empty:
      'No device is due for replacement: no warranty ends within 90 days and no device has reached its replacement age.',
    csv: 'Download CSV',
    caption: 'Devices due for replacement, by asset tag',
    assetTag: 'Asset tag',
    kind: 'Kind',
    model: 'Model',
    holder: 'Holder',
    purchaseDate: 'Bought',
    warrantyEnd: 'Warranty ends',
    replacementDue: 'Replacement due',
    reasons: 'Why',
    expectedCost: 'Expected cost',
    nobody: 'In stock',
    noAge: '—',
    nextPage: 'Next page',
    firstPage: 'First page',
  },
  pl: {
    title: 'Plan wymiany',
    intro:
      'Urządzenia w użyciu lub w magazynie, którym w ciągu 90 dni kończy się gwarancja albo które osiągnęły wiek wymiany ustalony dla ich rodzaju. Przewidywany koszt to cena zakupu urządzenia.',
    loading: 'Wczytywanie planu wymiany…',
    empty:
      'Żadne urządzenie nie wymaga wymiany: żadna gwarancja nie kończy się w ciągu 90 dni i żadne urządzenie nie osiągnęło wieku wymiany.',
    csv: 'Pobierz CSV',
    caption: 'Urządzenia do wymiany według numeru inwentarzowego',
    assetTag: 'Numer inwentarzowy',
    kind: 'Rodzaj',
    model: 'Model',
    holder: 'Użytkownik',
    purchaseDate: 'Data zakupu',
    warrantyEnd: 'Koniec gwarancji',
    replacementDue: 'Termin wymiany',
    reasons: 'Powód',
    expectedCost: 'Przewidywany koszt',
    nobody: 'W magazynie',
    noAge: '—',
    nextPage: 'Następna strona',
    firstPage: 'Pierwsza strona',
  },
};

/** The devices due for replacement, a page at a time, with why and what a replacement will cost. */
export const ReplacementPlanView = ({ language }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const [cursor, setCursor] = useState<string | undefined>();
  const [page, setPage] = useState<ListPage<PlanItem> | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    api<ListPage<PlanItem>>('GET', `/api/v1/reports/replacement-plan${query}`)
      .then(
        (answer) => current && setPage(answer),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [cursor]);
  const holders = usePersonNames(page?.items.flatMap((item) => (item.holderId ? [item.holderId] : [])) ?? []);
  const csvQuery = new URLSearchParams({ format: 'csv' });
  // A plain link sends no X-Tenant-Id header: the chosen tenant goes in the query.
  const tenant = chosenTenant();
  if (tenant) csvQuery.set('tenant', tenant);
  return (
    <section aria-labelledby="replacement-title">
      <h2 id="replacement-title">{t.title}</h2>
      <p>{t.intro}</p>
      <p>
        <a href={`/api/v1/reports/replacement-plan?${csvQuery.toString()}`} download="replacement-plan.csv">
          {t.csv}
        </a>
      </p>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !page && <p>{t.loading}</p>}
        {page && page.items.length === 0 && <p>{t.empty}</p>}
        {page && page.items.length > 0 && (
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.assetTag}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.model}</th>
                <th scope="col">{t.holder}</th>
                <th scope="col">{t.purchaseDate}</th>
                <th scope="col">{t.warrantyEnd}</th>
                <th scope="col">{t.replacementDue}</th>
                <th scope="col">{t.reasons}</th>
                <th scope="col">{t.expectedCost}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.deviceId} data-device={item.assetTag}>
                  <th scope="row">
                    <Link href={`/devices/${item.deviceId}`}>{item.assetTag}</Link>
                  </th>
                  <td>{deviceWord(language, item.kind)}</td>
                  <td>{item.model}</td>
                  <td>
                    {item.holderId ? (
                      <Link href={`/people/${item.holderId}`}>{holders[item.holderId] ?? item.holderId}</Link>
                    ) : (
                      t.nobody
                    )}
                  </td>
                  <td>{format.date.format(day(item.purchaseDate))}</td>
                  <td>{format.date.format(day(item.warrantyEnd))}</td>
                  <td>{item.replacementDue ? format.date.format(day(item.replacementDue)) : t.noAge}</td>
                  <td data-reasons={item.reasons.join(' ')}>
                    {item.reasons.map((reason) => reasonWord(language, reason)).join('; ')}
                  </td>
                  <td>{format.money(item.expectedCost.amount, item.expectedCost.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <PageButtons
        cursor={cursor}
        nextCursor={page?.nextCursor}
        loading={loading}
        onPage={setCursor}
        firstLabel={t.firstPage}
        nextLabel={t.nextPage}
      />
    </section>
  );
};

routes.push({
  pattern: '/replacement-plan',
  view: ReplacementPlanView,
  roles: ['client_manager', 'technician', 'msp_admin', 'auditor'],
  menu: { en: 'Replacement plan', pl: 'Plan wymiany' },
});
