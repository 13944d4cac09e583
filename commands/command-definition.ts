import type { z } from 'zod';
import type { Role } from '../domain/shared/index.js';
import { forbidden } from '../domain/shared/index.js';
import type { EventStore } from '../event-store/index.js';
import type { CommandEnvelope, CommandResult } from './command-envelope.js';

/** What command handlers are given: only the event store, so they run the same on every adapter. */
export interface CommandDeps {
  store: EventStore;
}

/** A command's input schema, who may send it, and how it runs. */
export interface CommandDefinition<Input> {
  type: string;
  /** The payload's zod schema (strict: unknown fields are refused). */
  schema: z.ZodType<Input>;
  /** Roles that may send the command at all; the domain may refuse more finely. */
  roles: readonly Role[];
  run(deps: CommandDeps, input: Input, envelope: CommandEnvelope): Promise<CommandResult>;
}

/** Keeps `Input` tied to the schema, so `run` gets the parsed type. */
export const defineCommand = <Input>(definition: CommandDefinition<Input>): CommandDefinition<Input> =>
  definition;

/** The payload did not match the command's schema; `issues` name each field (HTTP 400). */
export class CommandValidationError extends Error {
  readonly code = 'COMMAND_INVALID';
  constructor(
    readonly commandType: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${commandType}: ${issues.map((i) => `${i.path || '(payload)'}: ${i.message}`).join('; ')}`);
    this.name = 'CommandValidationError';
  }
}

/**
 * zod's issues as one entry per field, as a dotted path (`prefix` first); an unknown field is named by its own
 * path, not its parent's, so a client can point at it.
 */
export const fieldIssues = (error: z.ZodError, prefix: readonly string[] = []) =>
  error.issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: at.join('.'), message: issue.message }];
  });

/** Parses, authorizes by role, and runs one command. */
export const executeCommand = async <Input>(
  deps: CommandDeps,
  definition: CommandDefinition<Input>,
  payload: unknown,
  envelope: CommandEnvelope,
): Promise<CommandResult> => {
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    throw new CommandValidationError(definition.type, fieldIssues(parsed.error));
  }
  if (!definition.roles.includes(envelope.actor.role)) {
    throw forbidden('ROLE_NOT_ALLOWED', `${envelope.actor.role} may not ${definition.type}`);
  }
  return definition.run(deps, parsed.data, envelope);
};
