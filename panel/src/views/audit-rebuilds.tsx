import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { formats, instantOnShownClock, shownTimeZone, todayOnShownClock } from '../view.js';
import { type RebuildProps, RebuildTables } from './audit-rebuild-tables.js';
import { type AuditToolsText, counted } from './audit-tools-words.js';
import { messageOf } from './directory.js';
import { Labelled, useWrite, WriteForm } from './form-fields.js';

/** A rebuild of the tenant's read models as of a date (read-api/audit-routes.ts). */
export interface Rebuild {
  rebuildId: string;
  asOf: string;
  status: 'building' | 'ready' | 'failed' | 'interrupted';
  startedAt: string;
  builtAt: string | null;
  events: number;
  lastCheckpoint: string | null;
  progress?: { read: number; total: number };
  error?: string;
  rows?: Record<string, number>;
}

/** How often the list is read again while a rebuild is building. */
const pollMs = 1000;

/** Starts a rebuild as of a day, and a time of day on the company's clock (its start when none). */
const RebuildForm = ({ t, onStarted }: { t: AuditToolsText; onStarted(rebuild: Rebuild): void }) => {
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [missing, setMissing] = useState(false);
  const write = useWrite(t.fixFields);
  const submit = async () => {
    const asOf = instantOnShownClock(date, time);
    setMissing(!asOf);
    if (!asOf) {
      document.getElementById('rebuild-date')?.focus();
      return;
    }
    const started = await write.send<Rebuild>('/api/v1/audit/rebuilds', { asOf: asOf.toISOString() });
    if (started) onStarted(started);
    else document.getElementById('rebuild-date')?.focus();
  };
  const dateError = missing ? t.dateMissing : (write.fields['body.asOf'] ?? write.fields.asOf);
  const hint = fill(t.asOfTimeHint, { zone: shownTimeZone() });
  return (
    <WriteForm
      write={write}
      label={t.rebuildForm}
      problem={missing ? t.fixFields : write.problem}
      button={write.busy ? t.rebuildStarting : t.rebuild}
      onSubmit={submit}
    >
      <Labelled id="rebuild-date" label={t.asOfDate} error={dateError}>
        <input
          id="rebuild-date"
          name="date"
          type="date"
          required
          max={todayOnShownClock()}
          value={date}
          onInput={(event) => setDate(event.currentTarget.value)}
          {...(dateError ? { 'aria-invalid': true, 'aria-describedby': 'rebuild-date-error' } : {})}
        />
      </Labelled>
      <Labelled id="rebuild-time" label={t.asOfTime} hint={hint}>
        <input
          id="rebuild-time"
          name="time"
          type="time"
          step={1}
          value={time}
          aria-describedby="rebuild-time-hint"
          onInput={(event) => setTime(event.currentTarget.value)}
        />
      </Labelled>
    </WriteForm>
  );
};

/** The status of a rebuild in words, with a progress bar while it builds. */
const StatusCell = ({ t, language, rebuild, when }: RebuildProps) => {
  const { dateTime, number } = formats(language);
  switch (rebuild.status) {
    case 'building': {
      const { read = 0, total = 0 } = rebuild.progress ?? {};
      const percent = total > 0 ? Math.floor((read / total) * 100) : 0;
      return (
        <td>
          {t.building}
          <br />
          <progress value={read} max={Math.max(total, 1)} aria-label={fill(t.progressOf, { when })}>
            {number.format(percent)} %
          </progress>{' '}
          {number.format(percent)} %
        </td>
      );
    }
    case 'ready':
      return (
        <td>
          {t.ready} (
          {fill(t.builtAt, { when: rebuild.builtAt ? dateTime.format(new Date(rebuild.builtAt)) : '—' })})
        </td>
      );
    case 'failed':
      return (
        <td>
          {t.failed}
          {rebuild.error ? `: ${rebuild.error}` : ''}
        </td>
      );
    case 'interrupted':
      return <td>{t.interrupted}</td>;
    default: {
      const unknown: never = rebuild.status;
      return <td>{String(unknown)}</td>;
    }
  }
};

const totalRows = (rows: Record<string, number>) =>
  Object.values(rows).reduce((sum, count) => sum + count, 0);

/**
 * The read models as of a date: start a rebuild, follow the rebuilds (read again every second while one is
 * building, and no more once none is or the page is left), open a ready one's tables, delete one.
 */
export const RebuildsSection = ({ t, language }: { t: AuditToolsText; language: Language }) => {
  const [rebuilds, setRebuilds] = useState<Rebuild[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [reads, setReads] = useState(0);
  const [reloads, setReloads] = useState(0);
  const [done, setDone] = useState('');
  const [opened, setOpened] = useState<string | undefined>();
  const [deleting, setDeleting] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<string | undefined>();
  const [counts, setCounts] = useState<Record<string, Record<string, number>>>({});
  const status = useRef<HTMLParagraphElement>(null);
  const known = useRef<Map<string, Rebuild['status']>>(new Map());
  const counting = useRef(new Set<string>());
  const shown = useRef(true);
  useEffect(
    () => () => {
      shown.current = false;
    },
    [],
  );
  const { dateTime, number } = formats(language);
  const whenOf = (rebuild: Rebuild) => dateTime.format(new Date(rebuild.asOf));

  useEffect(() => {
    let current = true;
    api<{ items: Rebuild[] }>('GET', '/api/v1/audit/rebuilds')
      .then(
        (answer) => {
          if (!current) return;
          // A rebuild seen building that ended since is said on the status line.
          for (const rebuild of answer.items) {
            if (known.current.get(rebuild.rebuildId) !== 'building' || rebuild.status === 'building')
              continue;
            const when = whenOf(rebuild);
            setDone(
              rebuild.status === 'ready'
                ? fill(t.rebuildReady, { when })
                : fill(t.rebuildFailed, { when, error: rebuild.error ?? t[rebuild.status] }),
            );
          }
          known.current = new Map(answer.items.map((rebuild) => [rebuild.rebuildId, rebuild.status]));
          setRebuilds(answer.items);
          setError(undefined);
        },
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setReads((count) => count + 1));
    return () => {
      current = false;
    };
  }, [reloads]);

  // The list holds no row counts: a ready rebuild's come with it alone, once (they no longer change).
  useEffect(() => {
    for (const rebuild of rebuilds ?? []) {
      if (rebuild.status !== 'ready' || rebuild.rows || counting.current.has(rebuild.rebuildId)) continue;
      counting.current.add(rebuild.rebuildId);
      api<Rebuild>('GET', `/api/v1/audit/rebuilds/${encodeURIComponent(rebuild.rebuildId)}`).then(
        (answer) => {
          if (shown.current) setCounts((known) => ({ ...known, [rebuild.rebuildId]: answer.rows ?? {} }));
        },
        () => counting.current.delete(rebuild.rebuildId),
      );
    }
  }, [rebuilds]);

  const building = rebuilds?.some((rebuild) => rebuild.status === 'building') ?? false;
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => setReloads((count) => count + 1), pollMs);
    return () => clearTimeout(timer);
  }, [building, reads]);

  const started = (rebuild: Rebuild) => {
    setDone(fill(t.rebuildStarted, { when: whenOf(rebuild) }));
    setReloads((count) => count + 1);
  };
  const remove = async (rebuild: Rebuild) => {
    setDeleting(true);
    setDeleteProblem(undefined);
    setDone('');
    try {
      await api('DELETE', `/api/v1/audit/rebuilds/${encodeURIComponent(rebuild.rebuildId)}`);
      if (opened === rebuild.rebuildId) setOpened(undefined);
      // A rebuild started again as of the same moment gets the same id: its counts are read anew.
      counting.current.delete(rebuild.rebuildId);
      setCounts(({ [rebuild.rebuildId]: _gone, ...others }) => others);
      setDone(fill(t.deleted, { when: whenOf(rebuild) }));
    } catch (problem) {
      setDeleteProblem(messageOf(problem));
    } finally {
      setDeleting(false);
      setReloads((count) => count + 1);
      // The row and its button are gone: the focus goes to what happened.
      status.current?.focus();
    }
  };
  const rowsCell = (rows: Record<string, number> | undefined) => {
    if (rows) return counted(language, totalRows(rows), 'row');
    return '—';
  };
  const openedRebuild = rebuilds?.find(
    (rebuild) => rebuild.rebuildId === opened && rebuild.status === 'ready',
  );

  return (
    <section aria-labelledby="audit-rebuilds-title">
      <h3 id="audit-rebuilds-title">{t.rebuildsTitle}</h3>
      <p>{t.rebuildsIntro}</p>
      <RebuildForm t={t} onStarted={started} />
      <p role="status" tabIndex={-1} ref={status}>
        {done}
      </p>
      {deleteProblem && <p role="alert">{deleteProblem}</p>}
      {error && <p role="alert">{error}</p>}
      <div aria-busy={rebuilds === undefined && !error}>
        {rebuilds === undefined && !error && <p>{t.rebuildsLoading}</p>}
        {rebuilds && rebuilds.length === 0 && <p>{t.rebuildsEmpty}</p>}
        {rebuilds && rebuilds.length > 0 && (
          <table>
            <caption>{t.rebuildsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.asOf}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.events}</th>
                <th scope="col">{t.rows}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {rebuilds.map((rebuild) => {
                const when = whenOf(rebuild);
                return (
                  <tr key={rebuild.rebuildId} data-rebuild={rebuild.rebuildId} data-status={rebuild.status}>
                    <th scope="row">
                      <time dateTime={rebuild.asOf}>{when}</time>
                    </th>
                    <StatusCell t={t} language={language} rebuild={rebuild} when={when} />
                    <td>{number.format(rebuild.events)}</td>
                    <td>{rowsCell(rebuild.rows ?? counts[rebuild.rebuildId])}</td>
                    <td>
                      {rebuild.status === 'ready' && (
                        <button
                          type="button"
                          aria-label={fill(t.openLabel, { when })}
                          aria-pressed={opened === rebuild.rebuildId}
                          onClick={() =>
                            setOpened(opened === rebuild.rebuildId ? undefined : rebuild.rebuildId)
                          }
                        >
                          {t.open}
                        </button>
                      )}{' '}
                      {rebuild.status !== 'building' && (
                        <button
                          type="button"
                          disabled={deleting}
                          aria-label={fill(t.deleteLabel, { when })}
                          onClick={() => void remove(rebuild)}
                        >
                          {t.delete}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {openedRebuild && (
        <RebuildTables
          key={openedRebuild.rebuildId}
          t={t}
          language={language}
          rebuild={openedRebuild}
          when={whenOf(openedRebuild)}
        />
      )}
    </section>
  );
};
