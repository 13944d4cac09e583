import { downloadUrl } from '../api.js';
import { routes } from '../routes.js';
import { textsOf, type ViewProps } from '../view.js';
import { RebuildsSection } from './audit-rebuilds.js';
import { SealsSection } from './audit-seals.js';
import { type AuditToolsText, auditToolsTexts } from './audit-tools-words.js';
import { VerifySection } from './audit-verify.js';
import { historyReaders } from './audit-words.js';

/** The full history as NDJSON, verifiable offline. */
const ExportSection = ({ t }: { t: AuditToolsText }) => (
  <section aria-labelledby="audit-export-title">
    <h3 id="audit-export-title">{t.exportTitle}</h3>
    <p>{t.exportIntro}</p>
    <p>
      <a href={downloadUrl('/api/v1/audit/export')} download>
        {t.exportLink}
      </a>
    </p>
  </section>
);

/** The auditor's tools for the tenant the panel acts in: verify, export, seal, and the data as of a date. */
export const AuditToolsView = ({ me, language }: ViewProps) => {
  const t = textsOf(auditToolsTexts, language);
  return (
    <section aria-labelledby="audit-tools-title">
      <h2 id="audit-tools-title">{t.title}</h2>
      <p>{t.intro}</p>
      <VerifySection t={t} language={language} />
      <ExportSection t={t} />
      <SealsSection t={t} language={language} me={me} />
      <RebuildsSection t={t} language={language} />
    </section>
  );
};

routes.push({
  pattern: '/audit-tools',
  view: AuditToolsView,
  roles: historyReaders,
  menu: { en: 'Audit tools', pl: 'Narzędzia audytu' },
});
