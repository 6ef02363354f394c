import type { Problem } from '../../shared/common';

/** A failed API call, carrying the server's problem+json body. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** Fired when an API call finds the session gone. */
export const SIGNED_OUT = 'jobjacket:signed-out';
/** Fired when a client-portal call (`/portal/…`) finds the portal session gone. */
export const PORTAL_SIGNED_OUT = 'jobjacket:portal-signed-out';

let csrfToken: string | null = null;
/** The session's CSRF token, sent on every change (see docs/api.md). */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
let portalCsrfToken: string | null = null;
/**
 * The client-portal session's CSRF token. Portal users have their own cookie (`jj_portal`) and token,
 * kept apart from a staff session that may be open in the same browser.
 */
export const setPortalCsrfToken = (token: string | null) => {
  portalCsrfToken = token;
};
const isPortalUrl = (url: string) => url.startsWith('/portal/');
const tokenFor = (url: string) => (isPortalUrl(url) ? portalCsrfToken : csrfToken);

/** The body as JSON, or null when it is empty or not JSON (a proxy's HTML error page, say). */
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function call<T>(
  method: string,
  url: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = tokenFor(url);
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(`/api/v1${url}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'No connection',
      status: 0,
      detail: 'Jobjacket cannot reach the server. Check the network and try again.',
      code: 'NETWORK',
    });
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  const data = parseJson(text);
  if (!res.ok) {
    // A session that ended (expired, signed out elsewhere) sends the user back to the sign-in page.
    if (res.status === 401 && isPortalUrl(url)) {
      if (!/^\/portal\/[^/]+\/auth\//.test(url)) window.dispatchEvent(new Event(PORTAL_SIGNED_OUT));
    } else if (res.status === 401 && !url.startsWith('/auth/')) window.dispatchEvent(new Event(SIGNED_OUT));
    throw problemOf(res, data);
  }
  return data as T;
}

function problemOf(res: Response, data: unknown): ApiError {
  const problem = (data ?? {}) as Partial<Problem>;
  return new ApiError({
    type: problem.type ?? 'about:blank',
    title: problem.title ?? res.statusText,
    status: res.status,
    detail: problem.detail ?? `The server answered ${res.status}`,
    code: problem.code ?? 'UNKNOWN',
    errors: problem.errors,
  });
}

/** POSTs JSON and answers the body as a Blob (a rendered PDF, say); errors as for `api`. */
async function postForBlob(url: string, body: unknown, signal?: AbortSignal): Promise<Blob> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = tokenFor(url);
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(`/api/v1${url}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw problemOf(res, parseJson(await res.text()));
  return res.blob();
}

export const api = {
  get: <T>(url: string) => call<T>('GET', url),
  post: <T>(url: string, body?: unknown, headers?: Record<string, string>) =>
    call<T>('POST', url, body ?? {}, headers),
  patch: <T>(url: string, body: unknown) => call<T>('PATCH', url, body),
  put: <T>(url: string, body: unknown) => call<T>('PUT', url, body),
  delete: <T>(url: string, body?: unknown) => call<T>('DELETE', url, body),
  postForBlob,
};

/** Builds a query string from the values that are set. */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

export type Page<T> = { items: T[]; nextCursor: string | null };
