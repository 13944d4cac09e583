/** A problem+json answer from the API, as an error the views can show. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    /** A 400's field problems: `path` names the payload field (e.g. `title`). */
    readonly errors: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(detail);
  }
}

const tenantKey = 'itp.tenant';

/** The tenant the panel acts in, when the user chose one (an account serving several tenants must). */
export const chosenTenant = (): string | undefined => localStorage.getItem(tenantKey) ?? undefined;

export const chooseTenant = (tenantId: string | undefined) =>
  tenantId ? localStorage.setItem(tenantKey, tenantId) : localStorage.removeItem(tenantKey);

/** An EventSource URL in the chosen tenant (EventSource sends no headers, so the tenant goes in `?tenant=`). */
export const liveUrl = (path: string) => {
  const tenant = chosenTenant();
  return tenant ? `${path}${path.includes('?') ? '&' : '?'}tenant=${encodeURIComponent(tenant)}` : path;
};

/**
 * A file the API sends as an attachment, for a plain link: the session cookie goes with it but no header, so the
 * chosen tenant goes in `?tenant=` (as for EventSource).
 */
export const downloadUrl = liveUrl;

const csrfCookie = 'itp_csrf';

const csrfToken = () =>
  document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === csrfCookie)?.[1];

/** Calls the API with the session cookie (and its CSRF token on writes); a problem becomes an ApiProblem. */
export const api = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const csrf = csrfToken();
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf);
  const tenant = chosenTenant();
  if (tenant) headers['X-Tenant-Id'] = tenant;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (parsed ?? {}) as {
      code?: string;
      detail?: string;
      errors?: Array<{ path: string; message: string }>;
    };
    if (problem.code === 'TENANT_NOT_FOUND' && tenant) {
      // The chosen tenant is not this account's (another user chose it in this browser): forget it, retry.
      chooseTenant(undefined);
      return api<T>(method, path, body);
    }
    throw new ApiProblem(
      response.status,
      problem.code ?? 'ERROR',
      problem.detail ?? response.statusText,
      problem.errors ?? [],
    );
  }
  return parsed as T;
};

export interface Me {
  accountId: string;
  displayName: string;
  email: string;
  tenantId: string | null;
  roles: string[];
  tenants: Array<{ tenantId: string; name: string; roles: string[] }>;
}
