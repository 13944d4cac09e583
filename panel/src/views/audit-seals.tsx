import { useEffect, useState } from 'preact/hooks';
import { api, downloadUrl, type Me } from '../api.js';
import { fill, type Language } from '../i18n.js';
import { formats } from '../view.js';
import type { Accepted } from './accounts-words.js';
import type { AuditToolsText } from './audit-tools-words.js';
import { roleWord } from './audit-words.js';
import { messageOf } from './directory.js';
import { useStatusLine, useWrite } from './form-fields.js';

/** One seal recorded in the tenant's history (GET /api/v1/audit/seals). */
interface RecordedSeal {
  checkpoint: string;
  headsHash: string;
  streams: number;
  sealedAt: string;
  sealedBy: { id: string; role: string };
}

/** A seal's answer: no event when nothing changed since the last seal (and then no checkpoint either). */
type Sealed = Accepted & { events: string[] };

/** Who sealed, in words: the role, and "you" or "automatic" where that says more than an account id. */
const sealedBy = (t: AuditToolsText, language: Language, me: Me, seal: RecordedSeal) => {
  const role = roleWord(language, seal.sealedBy.role);
  if (seal.sealedBy.id === me.accountId) return `${role} (${t.you})`;
  // The projector seals every tenant periodically under an account of its own (app/periodic-seal.ts).
  if (seal.sealedBy.id.startsWith('system:')) return `${role} (${t.periodic})`;
  return role;
};

/** The recorded seals, newest first, each with its file to keep outside; and sealing now. */
export const SealsSection = ({ t, language, me }: { t: AuditToolsText; language: Language; me: Me }) => {
  const [seals, setSeals] = useState<RecordedSeal[] | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const [reloads, setReloads] = useState(0);
  const write = useWrite(t.fixFields);
  const status = useStatusLine(() => setReloads((count) => count + 1));
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    api<{ items: RecordedSeal[] }>('GET', '/api/v1/audit/seals')
      .then(
        (answer) => current && setSeals(answer.items),
        (problem: unknown) => current && setError(messageOf(problem)),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [reloads]);
  const sealNow = async () => {
    const answer = await status.run<Sealed>(write, '/api/v1/audit/seals', {});
    if (answer) status.setDone(answer.events.length > 0 ? t.sealed : t.nothingToSeal);
  };
  const { dateTime, number } = formats(language);
  return (
    <section aria-labelledby="audit-seals-title">
      <h3 id="audit-seals-title">{t.sealsTitle}</h3>
      <p>{t.sealsIntro}</p>
      {write.problem && <p role="alert">{write.problem}</p>}
      <p>
        <button type="button" disabled={write.busy} onClick={() => void sealNow()}>
          {write.busy ? t.sealing : t.sealNow}
        </button>
      </p>
      <p role="status">{status.done}</p>
      {error && <p role="alert">{error}</p>}
      <div aria-busy={loading} aria-live="polite">
        {loading && !seals && <p>{t.sealsLoading}</p>}
        {seals && seals.length === 0 && <p>{t.sealsEmpty}</p>}
        {seals && seals.length > 0 && (
          <table>
            <caption>{t.sealsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.sealedAt}</th>
                <th scope="col">{t.checkpoint}</th>
                <th scope="col">{t.streams}</th>
                <th scope="col">{t.sealedBy}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {seals.map((seal) => {
                const when = dateTime.format(new Date(seal.sealedAt));
                return (
                  <tr key={seal.checkpoint} data-checkpoint={seal.checkpoint}>
                    <th scope="row">
                      <time dateTime={seal.sealedAt}>{when}</time>
                    </th>
                    <td>
                      <code>{seal.checkpoint}</code>
                    </td>
                    <td>{number.format(seal.streams)}</td>
                    <td>{sealedBy(t, language, me, seal)}</td>
                    <td>
                      <a
                        href={downloadUrl(`/api/v1/audit/seals/${encodeURIComponent(seal.checkpoint)}/file`)}
                        download
                        aria-label={fill(t.sealFileLabel, { when })}
                      >
                        {t.sealFileLink}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
};
