import type { VerifyReport } from './verify.js';

/** The report as an auditor reads it: a summary line, then one line per problem. */
export const describeReport = (report: VerifyReport, source: string): string => {
  const lines = [
    `${report.ok ? 'OK' : 'FAILED'}: ${report.events} events in ${report.streams} streams of ${source}` +
      (report.sealedHeads > 0 ? `, ${report.sealedHeads} sealed heads checked` : '') +
      (report.recordedSeals > 0 ? `, ${report.recordedSeals} recorded seals checked` : '') +
      (report.ok ? '' : `, ${report.problems.length} problem(s)`),
  ];
  for (const problem of report.problems) {
    const where = problem.stream
      ? `${problem.stream} revision ${problem.revision}` +
        (problem.eventId ? ` event ${problem.eventId}` : '') +
        (problem.checkpoint ? ` at ${problem.checkpoint}` : '')
      : 'seal';
    lines.push(`  ${problem.kind}: ${where}: ${problem.detail}`);
  }
  return lines.join('\n');
};

/** The report as JSON (revisions as numbers: they are far below 2^53). */
export const reportJson = (report: VerifyReport) =>
  JSON.parse(JSON.stringify(report, (_key, value) => (typeof value === 'bigint' ? Number(value) : value)));
