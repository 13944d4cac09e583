/** A problem+json answer from the API, as an error the views can show. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

const csrfCookie = 'itp_csrf';

const csrfToken = () =>
  document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === csrfCookie)?.[1];

/** Calls the API with the session cookie (and its CSRF token on writes); a problem becomes an ApiProblem. */
export const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const csrf = csrfToken();
  if (method === 'POST' && csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf);
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (parsed ?? {}) as { code?: string; detail?: string };
    throw new ApiProblem(response.status, problem.code ?? 'ERROR', problem.detail ?? response.statusText);
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

export interface Dashboard {
  tickets: { total: number };
  runningProcesses: { total: number };
  decisionsWaiting: number;
  devicesByStatus: Record<string, number>;
  warrantiesEnding: number;
}
