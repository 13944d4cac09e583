import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { PageButtons } from '../page-buttons.js';
import { routes } from '../routes.js';
import { type Texts, textsOf, type ViewProps } from '../view.js';
import { Link, type ListPage, messageOf } from './directory.js';
import { PersonCardView } from './person-card.js';
import { personStatuses, personWord } from './person-words.js';

interface PersonRow {
  person_id: string;
  name: string;
  email: string;
  department: string;
  cost_centre: string;
  status: string;
}

const texts: Texts<
  | 'title'
  | 'status'
  | 'allStatuses'
  | 'search'
  | 'apply'
  | 'name'
  | 'email'
  | 'department'
  | 'costCentre'
  | 'loading'
  | 'empty'
  | 'emptyFiltered'
  | 'nextPage'
  | 'firstPage'
  | 'caption'
> = {
  en: {
    title: 'People',
    status: 'Status',
    allStatuses: 'All statuses',
    search: 'Search by name or e-mail',
    apply: 'Search',
    name: 'Name',
    email: 'E-mail',
    department: 'Department',
    costCentre: 'Cost centre',
    loading: 'Loading people…',
    empty: 'There are no people yet. They appear here once they are registered.',
    emptyFiltered: 'Nobody matches this filter. Choose all statuses and clear the search to see everyone.',
    nextPage: 'Next page',
    firstPage: 'First page',
    caption: 'People, by name',
  },
  pl: {
    title: 'Osoby',
    status: 'Stan',
    allStatuses: 'Wszystkie stany',
    search: 'Szukaj po nazwisku lub e-mailu',
    apply: 'Szukaj',
    name: 'Imię i nazwisko',
    email: 'E-mail',
    department: 'Dział',
    costCentre: 'Centrum kosztów',
    loading: 'Wczytywanie osób…',
    empty: 'Nie ma jeszcze osób. Pojawią się tu po zarejestrowaniu.',
    emptyFiltered: 'Nikt nie pasuje do filtra. Wybierz wszystkie stany i wyczyść wyszukiwanie.',
    nextPage: 'Następna strona',
    firstPage: 'Pierwsza strona',
    caption: 'Osoby według nazwiska',
  },
};

/** The people of the company: status filter, search, a page at a time. */
export const PeopleView = ({ language }: ViewProps) => {
  const t = textsOf(texts, language);
  const [filter, setFilter] = useState({ status: '', search: '' });
  const [typed, setTyped] = useState('');
  const [cursor, setCursor] = useState<string | undefined>();
  const [page, setPage] = useState<ListPage<PersonRow> | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const query = new URLSearchParams();
    if (filter.status) query.set('status', filter.status);
    if (filter.search) query.set('search', filter.search);
    if (cursor) query.set('cursor', cursor);
    const text = query.toString();
    api<ListPage<PersonRow>>('GET', `/api/v1/people${text ? `?${text}` : ''}`)
      .then(
        (answer) => current && setPage(answer),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [filter.status, filter.search, cursor]);
  const change = (next: { status: string; search: string }) => {
    setCursor(undefined);
    setFilter(next);
  };
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">{t.title}</h2>
      <search>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            change({ ...filter, search: typed.trim() });
          }}
        >
          <p>
            <label>
              {t.status}{' '}
              <select
                name="status"
                value={filter.status}
                onChange={(event) => change({ ...filter, status: event.currentTarget.value })}
              >
                <option value="">{t.allStatuses}</option>
                {personStatuses.map((status) => (
                  <option key={status} value={status}>
                    {personWord(language, status)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              {t.search}{' '}
              <input
                type="search"
                name="search"
                maxLength={100}
                value={typed}
                onInput={(event) => setTyped(event.currentTarget.value)}
              />
            </label>{' '}
            <button type="submit">{t.apply}</button>
          </p>
        </form>
      </search>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !page && <p>{t.loading}</p>}
        {page && page.items.length === 0 && (
          <p>{filter.status || filter.search ? t.emptyFiltered : t.empty}</p>
        )}
        {page && page.items.length > 0 && (
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.department}</th>
                <th scope="col">{t.costCentre}</th>
                <th scope="col">{t.status}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => (
                <tr key={row.person_id}>
                  <th scope="row">
                    <Link href={`/people/${row.person_id}`}>{row.name}</Link>
                  </th>
                  <td>{row.email}</td>
                  <td>{row.department}</td>
                  <td>{row.cost_centre}</td>
                  <td>{personWord(language, row.status)}</td>
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

const allOfTheTenant = ['client_manager', 'technician', 'msp_admin', 'auditor'];

routes.push(
  { pattern: '/people', view: PeopleView, roles: allOfTheTenant, menu: { en: 'People', pl: 'Osoby' } },
  // An employee may open their own card (the API answers 404 for anyone else's).
  { pattern: '/people/:personId', view: PersonCardView, roles: [...allOfTheTenant, 'employee'] },
);
