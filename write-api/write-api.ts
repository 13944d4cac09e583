import { randomBytes } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import {
  type CommandDefinition,
  type CommandDeps,
  eventIdFor,
  executeCommand,
  keyIdFor,
  newId,
  type Role,
} from '../commands/index.js';
import { type CommandRoute, commandRoutes } from './command-route.js';
import { WriteApiError } from './write-api-error.js';

/** Who is calling, as authentication resolved it: the account, the tenant it acts in, its roles there. */
export interface WriteCaller {
  accountId: string;
  tenantId: string;
  roles: readonly Role[];
  /** The person an employee's account stands for, if any. */
  personId: string | null;
}

export interface WriteApiDeps {
  commandDeps: CommandDeps;
  /** The commands the routes send (the account commands with the configured password cost). */
  commands: readonly CommandDefinition<unknown>[];
  routes?: readonly CommandRoute[];
  /** The authenticated caller of a request (authentication runs before the router). */
  callerOf(req: Request): WriteCaller;
  now?: () => Date;
}

/** Express path syntax for an OpenAPI path: `/devices/{deviceId}` → `/devices/:deviceId`. */
export const expressPath = (path: string) => path.replaceAll(/\{(\w+)\}/g, ':$1');

export const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

/** The body an endpoint accepts: the command's payload less the path's ids, the created id optional. */
export const routeBodySchema = (route: CommandRoute, definition: CommandDefinition<unknown>) => {
  let schema = definition.schema as unknown as z.ZodObject;
  const omitted = [...pathParams(route.path), ...(route.secret ? [route.secret] : [])];
  if (omitted.length > 0)
    schema = schema.omit(Object.fromEntries(omitted.map((key) => [key, true])) as never);
  const optional = [route.creates, route.ownPerson].filter((key): key is string => key !== undefined);
  if (optional.length > 0)
    schema = schema.partial(Object.fromEntries(optional.map((key) => [key, true])) as never);
  return schema;
};

/** An API token's secret: prefixed so a leaked one is recognisable, 256 random bits. */
const newSecret = () => `itp_t_${randomBytes(32).toString('base64url')}`;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One POST endpoint per command. The body and the path's ids make the payload; the command runs as the
 * caller's first role that may send it. An `Idempotency-Key` header fixes the command id (and the ids the
 * server makes), so a retried request is the same command and records nothing new.
 */
export const createWriteApi = (deps: WriteApiDeps): Router => {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const definitions = new Map(deps.commands.map((definition) => [definition.type, definition]));
  for (const route of deps.routes ?? commandRoutes) {
    const definition = definitions.get(route.command);
    if (!definition) throw new Error(`Route ${route.operationId} names unknown command ${route.command}`);
    const params = pathParams(route.path);
    router.post(expressPath(route.path), async (req: Request, res: Response) => {
      res.locals.command = route.command;
      const caller = deps.callerOf(req);
      const role = caller.roles.find((candidate) => definition.roles.includes(candidate)) ?? caller.roles[0];
      if (role === undefined) throw new WriteApiError(403, 'ROLE_NOT_ALLOWED', 'No role in this tenant');
      const body: unknown = req.body ?? {};
      if (!isPlainObject(body)) {
        throw new WriteApiError(400, 'BODY_NOT_AN_OBJECT', 'The body must be a JSON object');
      }
      for (const name of [...params, ...(route.secret ? [route.secret] : [])]) {
        if (name in body) {
          throw new WriteApiError(400, 'COMMAND_INVALID', `${name} comes from the path, not the body`, [
            { path: name, message: 'Unrecognized key: comes from the path or the server' },
          ]);
        }
      }
      const key = req.get('Idempotency-Key');
      const commandId = key ? keyIdFor('idempotency', caller.accountId, key) : newId();
      const payload: Record<string, unknown> = { ...body, ...req.params };
      if (route.creates && payload[route.creates] === undefined) {
        payload[route.creates] = key ? eventIdFor(commandId, 1000) : newId();
      }
      if (route.ownPerson && role === 'employee') {
        if (caller.personId === null) {
          throw new WriteApiError(403, 'NO_PERSON', 'This account does not stand for a person');
        }
        payload[route.ownPerson] ??= caller.personId;
        if (payload[route.ownPerson] !== caller.personId) {
          throw new WriteApiError(
            403,
            'NOT_OWN_PERSON',
            `An employee may only name themselves as ${route.ownPerson}`,
          );
        }
      }
      const secret = route.secret ? newSecret() : undefined;
      if (route.secret) payload[route.secret] = secret;
      // The domain keeps an employee to their own things by the person they stand for, so it travels with them.
      const actor =
        role === 'employee' && caller.personId !== null
          ? { id: caller.accountId, role, personId: caller.personId }
          : { id: caller.accountId, role };
      // Registering a tenant is addressed to the tenant it registers, whatever tenant the request acts in.
      const tenantId = route.newTenant && route.creates ? String(payload[route.creates]) : caller.tenantId;
      const result = await executeCommand(deps.commandDeps, definition, payload, {
        commandId,
        tenantId,
        actor,
        now: now().toISOString(),
      });
      if (result.checkpoint) res.set('X-Checkpoint', result.checkpoint);
      const ids = Object.fromEntries(
        [...params, ...(route.creates ? [route.creates] : [])].map((name) => [name, payload[name]]),
      );
      res.status(route.creates ? 201 : 200).json({
        commandId,
        ids,
        checkpoint: result.checkpoint ?? null,
        events: result.eventTypes,
        ...(secret ? { [route.secret as string]: secret } : {}),
      });
    });
  }
  return router;
};
