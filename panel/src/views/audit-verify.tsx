import { useEffect, useRef, useState } from 'preact/hooks';
import { fill, type Language } from '../i18n.js';
import { formats } from '../view.js';
import { type AuditToolsText, counted, problemWord } from './audit-tools-words.js';
import { Labelled, useWrite, WriteForm } from './form-fields.js';

/** One problem a verification named (read-api/audit-routes.ts); a seal's own problem has no stream. */
interface VerifyProblem {
  kind: string;
  stream: string;
  revision: number;
  eventId?: string;
  checkpoint?: string;
  detail: string;
}

/** What `POST /api/v1/audit/verify` found. */
interface VerifyAnswer {
  tenantId: string;
  events: number;
  streams: number;
  problems: VerifyProblem[];
  sealedHeads: number;
  /** Seals recorded in the history, checked against the heads at their checkpoints. */
  recordedSeals: number;
  ok: boolean;
}

/** The outcome in one sentence, for the status line. */
const summaryOf = (t: AuditToolsText, language: Language, report: VerifyAnswer) => {
  const values = {
    events: counted(language, report.events, 'event'),
    streams: counted(language, report.streams, 'stream'),
    heads: counted(language, report.sealedHeads, 'head'),
    problems: formats(language).number.format(report.problems.length),
    recorded: formats(language).number.format(report.recordedSeals),
  };
  if (!report.ok) return fill(t.problemsFound, values);
  const intact = fill(report.sealedHeads > 0 ? t.intactWithSeal : t.intact, values);
  return report.recordedSeals > 0 ? `${intact} ${fill(t.recordedSealsMatch, values)}` : intact;
};

/** The server's problems with the seal it was sent, as one line (`tenantId: not the tenant …`). */
const sealProblemsOf = (fields: Record<string, string>) =>
  Object.entries(fields)
    .filter(([path]) => path === 'seal' || path.startsWith('seal.') || path.startsWith('body.seal'))
    .map(([path, message]) => {
      const field = path.replace(/^(body\.)?seal\.?/, '');
      return field ? `${field}: ${message}` : message;
    })
    .join('; ') || undefined;

const ProblemsTable = ({
  t,
  language,
  problems,
}: {
  t: AuditToolsText;
  language: Language;
  problems: readonly VerifyProblem[];
}) => (
  <table>
    <caption>{t.problemsCaption}</caption>
    <thead>
      <tr>
        <th scope="col">{t.problemKind}</th>
        <th scope="col">{t.stream}</th>
        <th scope="col">{t.revision}</th>
        <th scope="col">{t.detail}</th>
      </tr>
    </thead>
    <tbody>
      {problems.map((problem, index) => (
        <tr key={`${problem.kind}:${problem.stream}:${problem.revision}:${index}`} data-kind={problem.kind}>
          <th scope="row">{problemWord(language, problem.kind)}</th>
          <td>{problem.stream ? <code>{problem.stream}</code> : t.theSeal}</td>
          <td>{problem.revision >= 0 ? formats(language).number.format(problem.revision) : '—'}</td>
          <td>
            {problem.detail}
            {problem.eventId && (
              <>
                <br />
                <small>
                  <code>{problem.eventId}</code>
                  {problem.checkpoint && (
                    <>
                      {' · '}
                      <code>{problem.checkpoint}</code>
                    </>
                  )}
                </small>
              </>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/**
 * Verifies the tenant's hash chains, and a seal file kept outside when one is chosen (read here in the browser
 * and sent as the body: a seal lists every stream head, too long for a query string).
 */
export const VerifySection = ({ t, language }: { t: AuditToolsText; language: Language }) => {
  const write = useWrite(t.fixSeal);
  const [seal, setSeal] = useState<unknown>();
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const [report, setReport] = useState<VerifyAnswer | undefined>();
  const [verifications, setVerifications] = useState(0);
  const status = useRef<HTMLParagraphElement>(null);
  // The outcome takes the focus, so a keyboard user goes on to the problems from there.
  useEffect(() => {
    if (verifications > 0) status.current?.focus();
  }, [verifications]);
  const choose = async (input: HTMLInputElement) => {
    setFileProblem(undefined);
    setSeal(undefined);
    const file = input.files?.[0];
    if (!file) return;
    try {
      setSeal(JSON.parse(await file.text()));
    } catch {
      setFileProblem(t.sealFileNotJson);
    }
  };
  const verify = async () => {
    if (fileProblem) {
      document.getElementById('verify-seal')?.focus();
      return;
    }
    setReport(undefined);
    const answer = await write.send<VerifyAnswer>('/api/v1/audit/verify', seal === undefined ? {} : { seal });
    if (!answer) return;
    setReport(answer);
    setVerifications((count) => count + 1);
  };
  const sealError = fileProblem ?? sealProblemsOf(write.fields);
  const described = ['verify-seal-hint', sealError ? 'verify-seal-error' : ''].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="audit-verify-title">
      <h3 id="audit-verify-title">{t.verifyTitle}</h3>
      <p>{t.verifyIntro}</p>
      <WriteForm
        write={write}
        label={t.verifyForm}
        button={write.busy ? t.verifying : t.verify}
        onSubmit={verify}
      >
        <Labelled id="verify-seal" label={t.sealFile} hint={t.sealFileHint} error={sealError}>
          <input
            id="verify-seal"
            name="seal"
            type="file"
            accept="application/json,.json"
            aria-describedby={described}
            {...(sealError ? { 'aria-invalid': true } : {})}
            onChange={(event) => void choose(event.currentTarget)}
          />
        </Labelled>
      </WriteForm>
      <p role="status" tabIndex={-1} ref={status} data-verified={report ? String(report.ok) : undefined}>
        {report ? summaryOf(t, language, report) : ''}
      </p>
      {report && report.problems.length > 0 && (
        <ProblemsTable t={t} language={language} problems={report.problems} />
      )}
    </section>
  );
};
