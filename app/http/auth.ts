import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { z } from 'zod';
import {
  roles as allRoles,
  fieldIssues,
  hashApiToken,
  hashPassword,
  type Role,
  type ScryptCost,
  verifyPassword,
} from '../../commands/index.js';
import {
  type AccountCard,
  type AccountRole,
  accountCard,
  findApiToken,
  findLoginAccount,
  listOrganizations,
} from '../../projections/index.js';
import { grantedTenants } from '../../read-api/granted-tenants.js';
import { HttpError } from './http-error.js';
import { problemOf, sendProblem } from './problem.js';

/** The authenticated caller of one request, acting in one tenant. */
export interface Caller {
  accountId: string;
  homeTenantId: string;
  displayName: string;
  email: string;
  personId: string | null;
  /** The tenant this request acts in. */
  tenantId: string;
  /** The account's roles in that tenant. */
  roles: Role[];
  /** Roles held for every tenant (an MSP administrator's), e.g. to register a new tenant. */
  everyTenantRoles: Role[];
  /** Every role with where it applies, for /me. */
  grants: AccountRole[];
  via: 'session' | 'bearer-session' | 'api-token';
}

export const sessionCookie = 'itp_session';
export const csrfCookie = 'itp_csrf';
const sessionPrefix = 'itp_s_';
const slideEveryMs = 60_000;
const apiTokenPrefix = 'itp_t_';

export interface AuthOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the accounts read model's tables
  db: Kysely<any>;
  pool: pg.Pool;
  /** A session ends after this long without a request (default 8 h). */
  idleMs?: number;
  /** Login attempts per address and client within `loginWindowMs` (default 10 in 15 min). */
  loginLimit?: number;
  loginWindowMs?: number;
  /** scrypt cost of the decoy hash checked for unknown addresses: the cost accounts are hashed with. */
  passwordCost?: ScryptCost;
  now?: () => Date;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const isRole = (value: string): value is Role => (allRoles as readonly string[]).includes(value);

/** The roles an account holds in one tenant: those granted for it and those granted for every tenant. */
export const rolesIn = (grants: readonly AccountRole[], tenantId: string): Role[] => [
  ...new Set(
    grants
      .filter((grant) => grant.tenantId === tenantId || grant.tenantId === null)
      .map((grant) => grant.role)
      .filter(isRole),
  ),
];

/**
 * The tenant a request acts in: the one it names (X-Tenant-Id or ?tenant=), else the account's home tenant,
 * else its only tenant. A tenant the account has no role in answers 404, as if it did not exist.
 */
const chooseTenant = (req: Request, homeTenantId: string, grants: readonly AccountRole[]) => {
  const named =
    req.get('X-Tenant-Id') ?? (typeof req.query.tenant === 'string' ? req.query.tenant : undefined);
  if (named !== undefined) {
    if (rolesIn(grants, named).length === 0) {
      throw new HttpError(404, 'TENANT_NOT_FOUND', `No tenant ${named} for this account`);
    }
    return named;
  }
  if (rolesIn(grants, homeTenantId).length > 0) return homeTenantId;
  const tenants = [...new Set(grants.map((grant) => grant.tenantId).filter((t): t is string => t !== null))];
  if (tenants.length === 1) return tenants[0] as string;
  throw new HttpError(
    400,
    'TENANT_REQUIRED',
    'This account works for several tenants: name one in the X-Tenant-Id header or ?tenant= (GET /api/v1/me lists them)',
  );
};

const bearerOf = (req: Request) => {
  const header = req.get('Authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'AUTHORIZATION_INVALID', 'Authorization must be "Bearer <token>"');
  return match[1] as string;
};

const cookieOf = (req: Request, name: string) => {
  for (const part of (req.get('Cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
};

const unsafeMethod = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

const loginSchema = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/**
 * Sessions for people (cookie, or the same token as a Bearer), API tokens for machines, and the login,
 * logout and /me endpoints. Cookie-authenticated writes must repeat the session's CSRF token in
 * `X-CSRF-Token` (double submit); SameSite=Lax keeps the cookie off cross-site subrequests as well.
 */
export const createAuth = (options: AuthOptions) => {
  const { db, pool } = options;
  const idleMs = options.idleMs ?? 8 * 60 * 60 * 1000;
  const now = options.now ?? (() => new Date());
  // A real hash of a random password: an unknown address costs as much time as a wrong password.
  let decoyHash: Promise<string> | undefined;
  const decoy = () => {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'), options.passwordCost);
    return decoyHash;
  };

  const createSession = async (account: { accountId: string; homeTenantId: string }) => {
    const token = `${sessionPrefix}${randomBytes(32).toString('base64url')}`;
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now().getTime() + idleMs);
    await pool.query(
      'insert into http_sessions (token_hash, account_id, home_tenant_id, csrf_token, expires_at) values ($1, $2, $3, $4, $5)',
      [sha256(token), account.accountId, account.homeTenantId, csrfToken, expiresAt],
    );
    return { token, csrfToken, expiresAt };
  };

  /** The session a token opens, sliding its expiry forward; undefined when unknown or expired. */
  const openSession = async (token: string) => {
    const hash = sha256(token);
    const at = now().getTime();
    const { rows } = await pool.query<{
      account_id: string;
      home_tenant_id: string;
      csrf_token: string;
      expires_at: Date;
    }>(
      `select account_id, home_tenant_id, csrf_token, expires_at from http_sessions
        where token_hash = $1 and expires_at > $2`,
      [hash, new Date(at)],
    );
    const session = rows[0];
    // Sliding the expiry is a write; doing it at most once a minute keeps reads from writing on every request.
    if (session && session.expires_at.getTime() < at + idleMs - slideEveryMs) {
      await pool.query('update http_sessions set expires_at = $2 where token_hash = $1', [
        hash,
        new Date(at + idleMs),
      ]);
    }
    return session;
  };

  const accountOf = async (homeTenantId: string, accountId: string) => {
    const account = await accountCard(db, homeTenantId, accountId);
    if (!account || account.disabled) {
      throw new HttpError(401, 'ACCOUNT_UNAVAILABLE', 'This account does not exist or is disabled');
    }
    return account;
  };

  /** Who is calling: Bearer (session or API token) or the session cookie; undefined when neither is sent. */
  const identify = async (req: Request) => {
    const bearer = bearerOf(req);
    if (bearer?.startsWith(apiTokenPrefix)) {
      const token = await findApiToken(db, hashApiToken(bearer));
      if (!token || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now())) {
        throw new HttpError(401, 'TOKEN_INVALID', 'The API token is unknown, revoked or expired');
      }
      return { account: await accountOf(token.homeTenantId, token.accountId), via: 'api-token' as const };
    }
    const token = bearer ?? cookieOf(req, sessionCookie);
    if (token === undefined) return undefined;
    const session = await openSession(token);
    if (!session)
      throw new HttpError(401, 'SESSION_EXPIRED', 'The session has expired or ended; log in again');
    if (bearer === undefined && unsafeMethod(req.method)) {
      const sent = req.get('X-CSRF-Token') ?? '';
      if (!sameText(sent, session.csrf_token)) {
        throw new HttpError(403, 'CSRF_TOKEN_INVALID', 'Cookie-authenticated writes must send X-CSRF-Token');
      }
    }
    return {
      account: await accountOf(session.home_tenant_id, session.account_id),
      via: bearer === undefined ? ('session' as const) : ('bearer-session' as const),
    };
  };

  /** The caller of `account` in `tenantId` (empty: no tenant), with `roles` its roles there unless given. */
  const callerFor = (
    account: AccountCard,
    via: Caller['via'],
    tenantId: string,
    roles: Role[] = rolesIn(account.roles, tenantId),
  ): Caller => ({
    accountId: account.accountId,
    homeTenantId: account.homeTenantId,
    displayName: account.displayName,
    email: account.email,
    personId: account.personId,
    tenantId,
    roles,
    everyTenantRoles: account.roles
      .filter((g) => g.tenantId === null)
      .map((g) => g.role)
      .filter(isRole),
    grants: account.roles,
    via,
  });

  /**
   * Resolves the caller into `res.locals.caller`; 401 when nobody is logged in. When the account works for
   * several tenants and the request names none, only routes that need a tenant refuse it (400), so /me can
   * still answer which tenants there are.
   */
  const authenticate: RequestHandler = async (req, res, next) => {
    const identified = await identify(req);
    if (!identified) throw new HttpError(401, 'UNAUTHENTICATED', 'Log in first (POST /api/v1/auth/login)');
    const { account, via } = identified;
    res.locals.account = account;
    res.locals.via = via;
    let tenantId: string;
    try {
      tenantId = chooseTenant(req, account.homeTenantId, account.roles);
    } catch (error) {
      if (!(error instanceof HttpError) || error.code !== 'TENANT_REQUIRED') throw error;
      res.locals.tenantError = error;
      next();
      return;
    }
    res.locals.caller = callerFor(account, via, tenantId);
    next();
  };

  const callerOf = (req: Request): Caller => {
    const locals = (req.res as Response | undefined)?.locals;
    if (locals?.tenantError) throw locals.tenantError;
    const caller = locals?.caller as Caller | undefined;
    if (!caller) throw new HttpError(401, 'UNAUTHENTICATED', 'Log in first (POST /api/v1/auth/login)');
    return caller;
  };

  /**
   * The caller of a route that spans every tenant the account works for (the technician's queue): the tenant
   * caller when the request acts in one, else the account with every role it holds anywhere and no tenant.
   */
  const accountCallerOf = (req: Request): Caller => {
    const locals = (req.res as Response | undefined)?.locals;
    if (locals?.caller) return locals.caller as Caller;
    const account = locals?.account as AccountCard | undefined;
    if (!account) throw new HttpError(401, 'UNAUTHENTICATED', 'Log in first (POST /api/v1/auth/login)');
    const everyRole = [...new Set(account.roles.map((grant) => grant.role).filter(isRole))];
    return callerFor(account, locals?.via as Caller['via'], '', everyRole);
  };

  /** GET /me: the account, the tenant this request acts in (null when it must be named) and all its tenants. */
  const me: RequestHandler = async (req, res) => {
    const account = (req.res as Response | undefined)?.locals.account as AccountCard | undefined;
    if (!account) throw new HttpError(401, 'UNAUTHENTICATED', 'Log in first (POST /api/v1/auth/login)');
    const caller = res.locals.caller as Caller | undefined;
    const organizations = await listOrganizations(db, grantedTenants(account.roles));
    res.json({
      accountId: account.accountId,
      email: account.email,
      displayName: account.displayName,
      homeTenantId: account.homeTenantId,
      personId: account.personId,
      tenantId: caller?.tenantId ?? null,
      roles: caller?.roles ?? [],
      grants: account.roles,
      tenants: organizations.map((organization) => ({
        tenantId: organization.tenant_id,
        name: organization.name,
        roles: rolesIn(account.roles, organization.tenant_id),
      })),
    });
  };

  const loginLimiter = rateLimit({
    windowMs: options.loginWindowMs ?? 15 * 60 * 1000,
    limit: options.loginLimit ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      // An IPv6 client is counted by its /56 network: it could otherwise take a fresh address per attempt.
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    handler: (req, res, _next, limiterOptions) => {
      const error = new HttpError(429, 'TOO_MANY_LOGINS', 'Too many login attempts; wait and try again');
      const { problem } = problemOf(error, req);
      sendProblem(res, problem, { 'Retry-After': String(Math.ceil(limiterOptions.windowMs / 1000)) });
    },
  });

  const router = Router();
  router.post('/auth/login', express.json({ limit: '16kb' }), loginLimiter, async (req, res) => {
    const parsed = loginSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const error = Object.assign(new HttpError(400, 'LOGIN_INVALID', 'Send { "email", "password" }'), {
        issues: fieldIssues(parsed.error),
      });
      throw error;
    }
    const account = await findLoginAccount(db, parsed.data.email);
    const valid = await verifyPassword(parsed.data.password, account?.passwordHash ?? (await decoy()));
    if (!account || !valid || account.disabled || account.passwordHash === null) {
      throw new HttpError(
        401,
        'LOGIN_FAILED',
        'Wrong e-mail address or password, or the account is disabled',
      );
    }
    const session = await createSession(account);
    const secure = req.secure;
    res.cookie(sessionCookie, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      expires: session.expiresAt,
    });
    res.cookie(csrfCookie, session.csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/' });
    res.status(200).json({
      token: session.token,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      account: { accountId: account.accountId, email: account.email, displayName: account.displayName },
    });
  });

  router.post('/auth/logout', async (req, res) => {
    const token = bearerOf(req) ?? cookieOf(req, sessionCookie);
    if (token?.startsWith(sessionPrefix)) {
      if (bearerOf(req) === undefined) {
        // Even logging out by cookie must come from the panel, not from another site's form.
        const session = await openSession(token);
        if (session && !sameText(req.get('X-CSRF-Token') ?? '', session.csrf_token)) {
          throw new HttpError(
            403,
            'CSRF_TOKEN_INVALID',
            'Cookie-authenticated writes must send X-CSRF-Token',
          );
        }
      }
      await pool.query('delete from http_sessions where token_hash = $1', [sha256(token)]);
    }
    res.clearCookie(sessionCookie, { path: '/' });
    res.clearCookie(csrfCookie, { path: '/' });
    res.status(204).end();
  });

  /** Removes sessions that expired (run now and then; expired ones are refused anyway). */
  const pruneSessions = async () => {
    await pool.query('delete from http_sessions where expires_at <= $1', [now()]);
  };

  return { router, authenticate, callerOf, accountCallerOf, me, identify, createSession, pruneSessions };
};

export type Auth = ReturnType<typeof createAuth>;
