import { spawn } from 'node:child_process';

/** What one run of the audit CLI printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run audit -- <args>` (app/audit-cli.ts) as its own process against `databaseUrl`. */
export const runAuditCli = (databaseUrl: string, args: string[]) =>
  new Promise<CliRun>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/audit-cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
