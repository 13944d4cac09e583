import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { translate } from '../i18n.js';
import { formats, type Texts, textsOf, type ViewProps } from '../view.js';
import { type DeviceRow, deviceWord } from './device-words.js';
import { day, isNotFound, Link, type ListPage, messageOf, usePersonNames } from './directory.js';

/** GET /api/v1/devices/{id}: the device and what it cost so far, per currency. */
interface DeviceCard extends DeviceRow {
  totalCost: Array<{ currency: string; amount: number }>;
}

/** One entry of GET /api/v1/devices/{id}/timeline. */
interface TimelineEntry {
  checkpoint: string;
  event_type: string;
  occurred_at: string;
  from_person_id: string | null;
  to_person_id: string | null;
  details: Record<string, unknown>;
}

const texts: Texts<
  | 'loading'
  | 'assetTag'
  | 'serialNumber'
  | 'kind'
  | 'model'
  | 'vendor'
  | 'supplier'
  | 'status'
  | 'holder'
  | 'nobody'
  | 'purchaseDate'
  | 'purchaseCost'
  | 'warrantyEnd'
  | 'totalCost'
  | 'timeline'
  | 'timelineCaption'
  | 'when'
  | 'what'
  | 'person'
  | 'note'
  | 'noHistory'
  | 'more'
  | 'back'
  | 'DeviceRegistered'
  | 'DeviceAssigned'
  | 'DeviceReturned'
  | 'DeviceTransferred'
  | 'DeviceSentToService'
  | 'DeviceRepaired'
  | 'DeviceDeclaredUnrepairable'
  | 'DeviceRetired'
  | 'DeviceReportedLost'
> = {
  en: {
    loading: 'Loading the device…',
    assetTag: 'Asset tag',
    serialNumber: 'Serial number',
    kind: 'Kind',
    model: 'Model',
    vendor: 'Vendor',
    supplier: 'Supplier',
    status: 'Status',
    holder: 'Holder',
    nobody: 'Nobody (not handed to a person)',
    purchaseDate: 'Bought on',
    purchaseCost: 'Purchase cost',
    warrantyEnd: 'Warranty ends',
    totalCost: 'Total cost so far',
    timeline: 'Lifecycle',
    timelineCaption: 'What happened to the device, oldest first',
    when: 'When',
    what: 'What happened',
    person: 'Holder',
    note: 'Details',
    noHistory: 'Nothing has happened to this device yet.',
    more: 'Show more',
    back: 'All devices',
    DeviceRegistered: 'Registered into stock',
    DeviceAssigned: 'Handed to a person',
    DeviceReturned: 'Returned to stock',
    DeviceTransferred: 'Moved to another person',
    DeviceSentToService: 'Sent to service',
    DeviceRepaired: 'Repaired',
    DeviceDeclaredUnrepairable: 'Declared beyond repair',
    DeviceRetired: 'Retired',
    DeviceReportedLost: 'Reported lost',
  },
  pl: {
    loading: 'Wczytywanie urządzenia…',
    assetTag: 'Numer inwentarzowy',
    serialNumber: 'Numer seryjny',
    kind: 'Rodzaj',
    model: 'Model',
    vendor: 'Producent',
    supplier: 'Dostawca',
    status: 'Stan',
    holder: 'Użytkownik',
    nobody: 'Nikt (nie przekazano osobie)',
    purchaseDate: 'Data zakupu',
    purchaseCost: 'Koszt zakupu',
    warrantyEnd: 'Koniec gwarancji',
    totalCost: 'Dotychczasowy koszt całkowity',
    timeline: 'Historia',
    timelineCaption: 'Co działo się z urządzeniem, od najstarszych',
    when: 'Kiedy',
    what: 'Co się stało',
    person: 'Użytkownik',
    note: 'Szczegóły',
    noHistory: 'Z tym urządzeniem nic się jeszcze nie działo.',
    more: 'Pokaż więcej',
    back: 'Wszystkie urządzenia',
    DeviceRegistered: 'Zarejestrowano w magazynie',
    DeviceAssigned: 'Przekazano osobie',
    DeviceReturned: 'Zwrócono do magazynu',
    DeviceTransferred: 'Przekazano innej osobie',
    DeviceSentToService: 'Wysłano do serwisu',
    DeviceRepaired: 'Naprawiono',
    DeviceDeclaredUnrepairable: 'Uznano za nienaprawialne',
    DeviceRetired: 'Wycofano z użytku',
    DeviceReportedLost: 'Zgłoszono utratę',
  },
};

type Money = { amount: number; currency: string };
const isMoney = (value: unknown): value is Money =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Money).amount === 'number' &&
  typeof (value as Money).currency === 'string';

/** The few details of an entry worth a line: where it went for service, what a repair cost, notes. */
const detailsOf = (entry: TimelineEntry, money: (amount: number, currency: string) => string) => {
  const d = entry.details;
  const parts: string[] = [];
  if (typeof d.serviceProvider === 'string') parts.push(d.serviceProvider);
  if (typeof d.reason === 'string' && d.reason) parts.push(d.reason);
  if (isMoney(d.cost)) parts.push(money(d.cost.amount, d.cost.currency));
  if (typeof d.note === 'string' && d.note) parts.push(d.note);
  return parts.join(' · ');
};

/** A device card: what it is, who holds it, what it cost, and its lifecycle. */
export const DeviceCardView = ({ language, params }: ViewProps) => {
  const t = textsOf(texts, language);
  const format = formats(language);
  const deviceId = params.deviceId ?? '';
  const [card, setCard] = useState<DeviceCard | undefined>();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [state, setState] = useState<'loading' | 'shown' | 'notFound' | 'failed'>('loading');
  const [error, setError] = useState<string | undefined>();
  const path = `/api/v1/devices/${encodeURIComponent(deviceId)}`;
  useEffect(() => {
    let current = true;
    setState('loading');
    setCard(undefined);
    setEntries([]);
    Promise.all([api<DeviceCard>('GET', path), api<ListPage<TimelineEntry>>('GET', `${path}/timeline`)]).then(
      ([device, timeline]) => {
        if (!current) return;
        setCard(device);
        setEntries(timeline.items);
        setNext(timeline.nextCursor);
        setState('shown');
      },
      (problem: unknown) => {
        if (!current) return;
        setError(messageOf(problem));
        setState(isNotFound(problem) ? 'notFound' : 'failed');
      },
    );
    return () => {
      current = false;
    };
  }, [path]);
  const people = usePersonNames([
    ...(card?.holder_id ? [card.holder_id] : []),
    ...entries.flatMap((entry) => [entry.from_person_id, entry.to_person_id].filter((id) => id !== null)),
  ]);
  const personLink = (id: string) => <Link href={`/people/${id}`}>{people[id] ?? id}</Link>;
  const more = async () => {
    if (!next) return;
    try {
      const page = await api<ListPage<TimelineEntry>>(
        'GET',
        `${path}/timeline?cursor=${encodeURIComponent(next)}`,
      );
      setEntries((known) => [...known, ...page.items]);
      setNext(page.nextCursor);
    } catch (problem) {
      setError(messageOf(problem));
    }
  };
  if (state === 'notFound') return <p role="alert">{translate(language, 'notFound')}</p>;
  if (state === 'failed') return <p role="alert">{error}</p>;
  if (state === 'loading' || !card) return <p aria-busy="true">{t.loading}</p>;
  const totalCost = card.totalCost.length
    ? card.totalCost.map((cost) => format.money(cost.amount, cost.currency)).join(' + ')
    : format.money(0, card.currency);
  const facts: Array<[string, ComponentChildren]> = [
    [t.serialNumber, card.serial_number],
    [t.kind, deviceWord(language, card.kind)],
    [t.model, card.model],
    [t.vendor, card.vendor],
    [t.supplier, card.supplier ?? '—'],
    [t.status, deviceWord(language, card.status)],
    [t.holder, card.holder_id ? personLink(card.holder_id) : t.nobody],
    [t.purchaseDate, format.date.format(day(card.purchase_date))],
    [t.purchaseCost, format.money(Number(card.purchase_cost), card.currency)],
    [t.warrantyEnd, format.date.format(day(card.warranty_end))],
    [t.totalCost, totalCost],
  ];
  const eventWords = t as Record<string, string>;
  return (
    <article aria-labelledby="device-title">
      <p>
        <Link href="/devices">{t.back}</Link>
      </p>
      <h2 id="device-title">
        {t.assetTag} {card.asset_tag}
      </h2>
      <dl>
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="device-timeline-title">
        <h3 id="device-timeline-title">{t.timeline}</h3>
        {error && <p role="alert">{error}</p>}
        {entries.length === 0 ? (
          <p>{t.noHistory}</p>
        ) : (
          <table>
            <caption>{t.timelineCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.what}</th>
                <th scope="col">{t.person}</th>
                <th scope="col">{t.note}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.checkpoint} data-event={entry.event_type}>
                  <td>
                    <time dateTime={entry.occurred_at}>
                      {format.dateTime.format(new Date(entry.occurred_at))}
                    </time>
                  </td>
                  <th scope="row">{eventWords[entry.event_type] ?? entry.event_type}</th>
                  <td>
                    {entry.from_person_id && personLink(entry.from_person_id)}
                    {entry.from_person_id && entry.to_person_id && ' → '}
                    {entry.to_person_id && personLink(entry.to_person_id)}
                  </td>
                  <td>{detailsOf(entry, format.money)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next && (
          <button type="button" onClick={() => void more()}>
            {t.more}
          </button>
        )}
      </section>
    </article>
  );
};
