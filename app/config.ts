import { z } from 'zod';

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  EVENTSTORE_URL: url(['esdb:', 'esdb+discover:']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How often the projector role seals every tenant's history (issue 7); 0 turns periodic sealing off. */
  AUDIT_SEAL_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
  /** How many rebuilds as of a date the read API runs at once across tenants; each replays the whole log. */
  AUDIT_REBUILDS_AT_ONCE: z.coerce.number().int().min(1).default(2),
});

export type Config = z.infer<typeof configSchema>;

/** Thrown with one line per wrong variable, so a misconfigured start says exactly what to fix. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

/** Reads the configuration from environment variables; empty values count as unset. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
};
