import { useEffect, useState } from 'preact/hooks';
import { api, chosenTenant } from '../api.js';
import { PageButtons } from '../page-buttons.js';
import { routes } from '../routes.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { DeviceCardView } from './device-card.js';
import { type DeviceRow, deviceStatuses, deviceWord } from './device-words.js';
import { day, Link, type ListPage, messageOf, usePersonNames } from './directory.js';

const texts: Texts<
  | 'title'
  | 'myTitle'
  | 'status'
  | 'allStatuses'
  | 'search'
  | 'searchHint'
  | 'apply'
  | 'clear'
  | 'assetTag'
  | 'kind'
  | 'model'
  | 'holder'
  | 'warrantyEnd'
  | 'nobody'
  | 'loading'
  | 'empty'
  | 'emptyFiltered'
  | 'nextPage'
  | 'firstPage'
  | 'csv'
  | 'caption'
> = {
  en: {
    title: 'Devices',
    myTitle: 'My devices',
    status: 'Status',
    allStatuses: 'All statuses',
    search: 'Search by asset tag or serial number',
    searchHint: 'The beginning of the tag or serial number is enough.',
    apply: 'Search',
    clear: 'Clear filter',
    assetTag: 'Asset tag',
    kind: 'Kind',
    model: 'Model',
    holder: 'Holder',
    warrantyEnd: 'Warranty ends',
    nobody: '—',
    loading: 'Loading devices…',
    empty: 'There are no devices yet. They appear here once the IT team registers them.',
    emptyFiltered: 'No device matches this filter. Clear the filter to see every device.',
    nextPage: 'Next page',
    firstPage: 'First page',
    csv: 'Download CSV',
    caption: 'Devices, by asset tag',
  },
  pl: {
    title: 'Urządzenia',
    myTitle: 'Moje urządzenia',
    status: 'Stan',
    allStatuses: 'Wszystkie stany',
    search: 'Szukaj po numerze inwentarzowym lub seryjnym',
    searchHint: 'Wystarczy początek numeru.',
    apply: 'Szukaj',
    clear: 'Wyczyść filtr',
    assetTag: 'Numer inwentarzowy',
    kind: 'Rodzaj',
    model: 'Model',
    holder: 'Użytkownik',
    warrantyEnd: 'Koniec gwarancji',
    nobody: '—',
    loading: 'Wczytywanie urządzeń…',
    empty: 'Nie ma jeszcze urządzeń. Pojawią się tu, gdy zespół IT je zarejestruje.',
    emptyFiltered: 'Żadne urządzenie nie pasuje do filtra. Wyczyść filtr, by zobaczyć wszystkie.',
    nextPage: 'Następna strona',
    firstPage: 'Pierwsza strona',
    csv: 'Pobierz CSV',
    caption: 'Urządzenia według numeru inwentarzowego',
  },
};

const queryOf = (filter: { status: string; search: string }, cursor?: string) => {
  const query = new URLSearchParams();
  if (filter.status) query.set('status', filter.status);
  if (filter.search) query.set('search', filter.search);
  if (cursor) query.set('cursor', cursor);
  return query;
};

/** The device list: status filter, search, a page at a time, and a CSV of the same filter. */
export const DevicesView = ({ me, language }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const initial = new URLSearchParams(location.search);
  const [filter, setFilter] = useState({
    status: initial.get('status') ?? '',
    search: initial.get('search') ?? '',
  });
  const [typed, setTyped] = useState(filter.search);
  const [cursor, setCursor] = useState<string | undefined>();
  const [page, setPage] = useState<ListPage<DeviceRow> | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    const query = queryOf(filter, cursor).toString();
    api<ListPage<DeviceRow>>('GET', `/api/v1/devices${query ? `?${query}` : ''}`)
      .then(
        (answer) => current && setPage(answer),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    // The filter stays in the address, so a reload or a shared link shows the same list.
    const shown = queryOf(filter).toString();
    history.replaceState(null, '', `${location.pathname}${shown ? `?${shown}` : ''}`);
    return () => {
      current = false;
    };
  }, [filter.status, filter.search, cursor]);
  const holders = usePersonNames(page?.items.flatMap((row) => (row.holder_id ? [row.holder_id] : [])) ?? []);
  const change = (next: { status: string; search: string }) => {
    setCursor(undefined);
    setFilter(next);
  };
  const onlyOwn = me.roles.length > 0 && me.roles.every((role) => role === 'employee');
  const filtered = Boolean(filter.status || filter.search);
  const csvQuery = queryOf(filter);
  csvQuery.set('format', 'csv');
  // A plain link sends no X-Tenant-Id header: the chosen tenant goes in the query.
  const tenant = chosenTenant();
  if (tenant) csvQuery.set('tenant', tenant);
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{onlyOwn ? t.myTitle : t.title}</h2>
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
                {deviceStatuses.map((status) => (
                  <option key={status} value={status}>
                    {deviceWord(language, status)}
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
                aria-describedby="devices-search-hint"
                value={typed}
                onInput={(event) => setTyped(event.currentTarget.value)}
              />
            </label>{' '}
            <button type="submit">{t.apply}</button>{' '}
            {filtered && (
              <button
                type="button"
                onClick={() => {
                  setTyped('');
                  change({ status: '', search: '' });
                }}
              >
                {t.clear}
              </button>
            )}
          </p>
          <p id="devices-search-hint">
            <small>{t.searchHint}</small>
          </p>
        </form>
      </search>
      <p>
        <a href={`/api/v1/devices?${csvQuery.toString()}`} download="devices.csv">
          {t.csv}
        </a>
      </p>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !page && <p>{t.loading}</p>}
        {page && page.items.length === 0 && <p>{filtered ? t.emptyFiltered : t.empty}</p>}
        {page && page.items.length > 0 && (
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.assetTag}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.model}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.holder}</th>
                <th scope="col">{t.warrantyEnd}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => (
                <tr key={row.device_id} data-device={row.asset_tag}>
                  <th scope="row">
                    <Link href={`/devices/${row.device_id}`}>{row.asset_tag}</Link>
                  </th>
                  <td>{deviceWord(language, row.kind)}</td>
                  <td>
                    {row.vendor} {row.model}
                  </td>
                  <td>{deviceWord(language, row.status)}</td>
                  <td>
                    {row.holder_id ? (
                      <Link href={`/people/${row.holder_id}`}>{holders[row.holder_id] ?? row.holder_id}</Link>
                    ) : (
                      t.nobody
                    )}
                  </td>
                  <td>{format.date.format(day(row.warranty_end))}</td>
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
  {
    pattern: '/devices',
    view: DevicesView,
    // Employees see the same list, which the API limits to the devices they hold.
    roles: [...allOfTheTenant, 'employee'],
    menu: { en: 'Devices', pl: 'Urządzenia' },
  },
  { pattern: '/devices/:deviceId', view: DeviceCardView, roles: [...allOfTheTenant, 'employee'] },
);
