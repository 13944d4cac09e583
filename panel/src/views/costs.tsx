import { useEffect, useRef, useState } from 'preact/hooks';
import { api, chosenTenant } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { BarChart } from './cost-chart.js';
import { useLiveUpdates } from './dashboard.js';
import { type ListPage, messageOf } from './directory.js';
// The replacement plan is the other planning page; it registers itself with this one.
import './replacement-plan.js';

/** The categories of GET /api/v1/reports/costs, in the order the report shows them (costCategories). */
export const costCategories = ['purchase', 'repair', 'labour', 'licence'] as const;

const categoryWords: Texts<(typeof costCategories)[number]> = {
  en: { purchase: 'Purchases', repair: 'Repairs', labour: 'IT team work', licence: 'Licences' },
  pl: { purchase: 'Zakupy', repair: 'Naprawy', labour: 'Praca zespołu IT', licence: 'Licencje' },
};

/** A cost category in words; an unknown code stays as it is. */
export const categoryWord = (language: Language, code: string) =>
  (categoryWords[language] as Record<string, string>)[code] ?? code;

const texts: Texts<
  | 'title'
  | 'from'
  | 'to'
  | 'show'
  | 'badRange'
  | 'loading'
  | 'empty'
  | 'csv'
  | 'month'
  | 'total'
  | 'inCurrency'
  | 'chartLabel'
  | 'caption'
  | 'byCentreTitle'
  | 'centre'
  | 'amount'
  | 'noCentre'
  | 'centreCaption'
  | 'centreChartLabel'
  | 'centresEmpty'
  | 'moreCentres'
> = {
  en: {
    title: 'Costs',
    from: 'From month',
    to: 'To month',
    show: 'Show',
    badRange: 'The first month must not come after the last one.',
    loading: 'Loading costs…',
    empty: 'There are no costs in these months. Choose a longer range to see earlier costs.',
    csv: 'Download CSV',
    month: 'Month',
    total: 'Total',
    inCurrency: 'Costs in {currency}',
    chartLabel:
      'Bar chart of costs in {currency} by month, stacked by category; the table below lists the same figures.',
    caption: 'Costs in {currency} by month and category',
    byCentreTitle: 'Costs by cost centre',
    centre: 'Cost centre',
    amount: 'Amount',
    noCentre: 'No cost centre (e.g. devices bought for stock)',
    centreCaption: 'Costs by cost centre in the chosen months',
    centreChartLabel:
      'Bar chart of costs in {currency} by cost centre; the table beside it lists the same figures.',
    centresEmpty: 'No costs to split by cost centre in these months.',
    moreCentres: 'More cost centres',
  },
  pl: {
    title: 'Koszty',
    from: 'Od miesiąca',
    to: 'Do miesiąca',
    show: 'Pokaż',
    badRange: 'Pierwszy miesiąc nie może być późniejszy niż ostatni.',
    loading: 'Wczytywanie kosztów…',
    empty: 'W tych miesiącach nie ma kosztów. Wybierz dłuższy okres, by zobaczyć wcześniejsze koszty.',
    csv: 'Pobierz CSV',
    month: 'Miesiąc',
    total: 'Razem',
    inCurrency: 'Koszty w {currency}',
    chartLabel:
      'Wykres słupkowy kosztów w {currency} według miesięcy, z podziałem na kategorie; te same kwoty podaje tabela poniżej.',
    caption: 'Koszty w {currency} według miesięcy i kategorii',
    byCentreTitle: 'Koszty według centrów kosztów',
    centre: 'Centrum kosztów',
    amount: 'Kwota',
    noCentre: 'Bez centrum kosztów (np. urządzenia kupione na magazyn)',
    centreCaption: 'Koszty według centrów kosztów w wybranych miesiącach',
    centreChartLabel:
      'Wykres słupkowy kosztów w {currency} według centrów kosztów; te same kwoty podaje tabela obok.',
    centresEmpty: 'W tych miesiącach nie ma kosztów do podziału na centra kosztów.',
    moreCentres: 'Więcej centrów kosztów',
  },
};

interface CostRow {
  month: string;
  category: string;
  currency: string;
  /** Minor units. */
  amount: number;
  entries: number;
}

interface CentreRow {
  key: string | null;
  currency: string;
  amount: number;
}

const monthShape = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month (`YYYY-MM`) `back` months before `month`. */
const monthsBefore = (month: string, back: number) => {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** Every month from `from` to `to`, both included. */
const monthsBetween = (from: string, to: string) => {
  const months: string[] = [];
  for (let month = from; month <= to && months.length < 1200; month = monthsBefore(month, -1))
    months.push(month);
  return months;
};

const thisMonth = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
};

/** The cost report of one currency: a stacked bar chart by month and category, and its table. */
const CurrencyReport = ({
  language,
  currency,
  rows,
  months,
}: {
  language: Language;
  currency: string;
  rows: CostRow[];
  months: string[];
}) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const monthName = new Intl.DateTimeFormat(language === 'pl' ? 'pl-PL' : 'en-GB', {
    month: 'long',
    year: 'numeric',
  });
  const monthLabel = (month: string) => monthName.format(new Date(`${month}-15T12:00:00`));
  const categories = [
    ...costCategories.filter((category) => rows.some((row) => row.category === category)),
    ...[...new Set(rows.map((row) => row.category))].filter(
      (category) => !(costCategories as readonly string[]).includes(category),
    ),
  ];
  const amountOf = (month: string, category: string) =>
    rows
      .filter((row) => row.month === month && row.category === category)
      .reduce((sum, row) => sum + row.amount, 0);
  const monthsWithCosts = months.filter((month) => rows.some((row) => row.month === month));
  const money = (amount: number) => format.money(amount, currency);
  const headingId = `costs-${currency}`;
  return (
    <section aria-labelledby={headingId} data-currency={currency}>
      <h3 id={headingId}>{fill(t.inCurrency, { currency })}</h3>
      <BarChart
        label={fill(t.chartLabel, { currency })}
        labels={months.map(monthLabel)}
        series={categories.map((category) => ({
          label: categoryWord(language, category),
          values: months.map((month) => amountOf(month, category) / 100),
        }))}
        stacked
        formatValue={(value) =>
          new Intl.NumberFormat(language === 'pl' ? 'pl-PL' : 'en-GB', {
            style: 'currency',
            currency,
            maximumFractionDigits: 0,
          }).format(value)
        }
      />
      <table>
        <caption>{fill(t.caption, { currency })}</caption>
        <thead>
          <tr>
            <th scope="col">{t.month}</th>
            {categories.map((category) => (
              <th key={category} scope="col" data-category={category}>
                {categoryWord(language, category)}
              </th>
            ))}
            <th scope="col">{t.total}</th>
          </tr>
        </thead>
        <tbody>
          {monthsWithCosts.map((month) => (
            <tr key={month} data-month={month}>
              <th scope="row">{monthLabel(month)}</th>
              {categories.map((category) => (
                <td key={category} data-category={category}>
                  {money(amountOf(month, category))}
                </td>
              ))}
              <td data-category="total">
                {money(rows.filter((row) => row.month === month).reduce((sum, row) => sum + row.amount, 0))}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-month="total">
            <th scope="row">{t.total}</th>
            {categories.map((category) => (
              <td key={category} data-category={category}>
                {money(
                  rows.filter((row) => row.category === category).reduce((sum, row) => sum + row.amount, 0),
                )}
              </td>
            ))}
            <td data-category="total">{money(rows.reduce((sum, row) => sum + row.amount, 0))}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
};

/** Costs by cost centre in the range: a table (and a bar chart per currency). */
const CostCentres = ({
  language,
  range,
  after,
}: {
  language: Language;
  range: { fromMonth: string; toMonth: string };
  /** The checkpoint of the last live update: the first page is read again from it. */
  after: string | undefined;
}) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const [rows, setRows] = useState<CentreRow[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setError(undefined);
    const query = new URLSearchParams({ ...range, limit: '200' });
    if (cursor) query.set('cursor', cursor);
    if (after) query.set('after', after);
    api<ListPage<CentreRow>>('GET', `/api/v1/reports/costs/by/cost_centre?${query.toString()}`).then(
      (answer) => {
        if (!current) return;
        setRows((known) => (cursor ? [...(known ?? []), ...answer.items] : answer.items));
        setNext(answer.nextCursor);
      },
      (problem: unknown) => current && setError(messageOf(problem)),
    );
    return () => {
      current = false;
    };
  }, [range.fromMonth, range.toMonth, cursor, after]);
  // A live update reads the first page again (replacing the rows, not adding to them).
  const seenAfter = useRef(after);
  useEffect(() => {
    if (seenAfter.current === after) return;
    seenAfter.current = after;
    setCursor(undefined);
  }, [after]);
  const centreName = (key: string | null) => key ?? t.noCentre;
  const currencies = [...new Set((rows ?? []).map((row) => row.currency))].sort();
  return (
    <section aria-labelledby="cost-centres-title">
      <h3 id="cost-centres-title">{t.byCentreTitle}</h3>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={rows === undefined} aria-live="polite">
        {rows === undefined && !error && <p>{t.loading}</p>}
        {rows && rows.length === 0 && <p>{t.centresEmpty}</p>}
        {rows && rows.length > 0 && (
          <>
            {currencies.map((currency) => {
              const mine = rows.filter((row) => row.currency === currency);
              return (
                <BarChart
                  key={currency}
                  label={fill(t.centreChartLabel, { currency })}
                  labels={mine.map((row) => centreName(row.key))}
                  series={[
                    { label: `${t.amount} (${currency})`, values: mine.map((row) => row.amount / 100) },
                  ]}
                  horizontal
                  formatValue={(value) =>
                    new Intl.NumberFormat(language === 'pl' ? 'pl-PL' : 'en-GB', {
                      style: 'currency',
                      currency,
                      maximumFractionDigits: 0,
                    }).format(value)
                  }
                />
              );
            })}
            <table>
              <caption>{t.centreCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.centre}</th>
                  <th scope="col">{t.amount}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.key ?? ''}:${row.currency}`} data-cost-centre={row.key ?? ''}>
                    <th scope="row">{centreName(row.key)}</th>
                    <td>{format.money(row.amount, row.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {next && (
              <p>
                <button type="button" onClick={() => setCursor(next)}>
                  {t.moreCentres}
                </button>
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
};

/** The cost report: a month range, a stacked bar chart and a table per currency, a CSV, and cost centres. */
export const CostsView = ({ language }: ViewProps) => {
  const t = textsOf(texts, language);
  const initial = new URLSearchParams(location.search);
  const defaultTo = thisMonth();
  const asked = (name: string, fallback: string) => {
    const value = initial.get(name);
    return value && monthShape.test(value) ? value : fallback;
  };
  const [range, setRange] = useState(() => {
    const toMonth = asked('toMonth', defaultTo);
    return { fromMonth: asked('fromMonth', monthsBefore(toMonth, 11)), toMonth };
  });
  const [typed, setTyped] = useState(range);
  const [rows, setRows] = useState<CostRow[] | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  // Live: a cost recorded elsewhere (a purchase, a repair, logged work) shows without a reload.
  const [after, setAfter] = useState<string | undefined>();
  useLiveUpdates('costs', setAfter);
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const query = new URLSearchParams(range).toString();
    const since = after ? `&after=${encodeURIComponent(after)}` : '';
    api<{ items: CostRow[] }>('GET', `/api/v1/reports/costs?${query}${since}`)
      .then(
        (answer) => current && setRows(answer.items),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    // The range stays in the address, so a reload or a shared link shows the same months.
    history.replaceState(null, '', `${location.pathname}?${query}`);
    return () => {
      current = false;
    };
  }, [range.fromMonth, range.toMonth, after]);
  const badRange =
    !monthShape.test(typed.fromMonth) || !monthShape.test(typed.toMonth) || typed.fromMonth > typed.toMonth;
  const csvQuery = new URLSearchParams({ format: 'csv', ...range });
  // A plain link sends no X-Tenant-Id header: the chosen tenant goes in the query.
  const tenant = chosenTenant();
  if (tenant) csvQuery.set('tenant', tenant);
  const months = monthsBetween(range.fromMonth, range.toMonth);
  const currencies = [...new Set((rows ?? []).map((row) => row.currency))].sort();
  return (
    <section aria-labelledby="costs-title">
      <h2 id="costs-title">{t.title}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!badRange) setRange(typed);
        }}
      >
        <p>
          <label>
            {t.from}{' '}
            <input
              type="month"
              name="fromMonth"
              required
              value={typed.fromMonth}
              aria-invalid={badRange}
              aria-describedby={badRange ? 'costs-range-problem' : undefined}
              onInput={(event) => setTyped({ ...typed, fromMonth: event.currentTarget.value })}
            />
          </label>{' '}
          <label>
            {t.to}{' '}
            <input
              type="month"
              name="toMonth"
              required
              value={typed.toMonth}
              aria-invalid={badRange}
              onInput={(event) => setTyped({ ...typed, toMonth: event.currentTarget.value })}
            />
          </label>{' '}
          <button type="submit" disabled={badRange}>
            {t.show}
          </button>
        </p>
        {badRange && (
          <p id="costs-range-problem" role="alert">
            {t.badRange}
          </p>
        )}
      </form>
      <p>
        <a href={`/api/v1/reports/costs?${csvQuery.toString()}`} download="cost-report.csv">
          {t.csv}
        </a>
      </p>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !rows && <p>{t.loading}</p>}
        {rows && rows.length === 0 && <p>{t.empty}</p>}
        {rows &&
          currencies.map((currency) => (
            <CurrencyReport
              key={currency}
              language={language}
              currency={currency}
              rows={rows.filter((row) => row.currency === currency)}
              months={months}
            />
          ))}
      </div>
      <CostCentres
        key={`${range.fromMonth}:${range.toMonth}`}
        language={language}
        range={range}
        after={after}
      />
    </section>
  );
};

routes.push({
  pattern: '/costs',
  view: CostsView,
  roles: ['client_manager', 'msp_admin', 'auditor'],
  menu: { en: 'Costs', pl: 'Koszty' },
});
