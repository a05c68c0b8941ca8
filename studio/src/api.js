// The API, same origin as the pages. The caller is the signed-in session: local headers or an OIDC token.
import { session, signOut } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

export const base = new URL('..', document.baseURI).pathname.replace(/\/$/, '');

export async function api(method, path, options = {}) {
  const headers = { accept: 'application/json, application/problem+json' };
  if (session.token) headers.authorization = 'Bearer ' + session.token;
  else if (session.user) {
    headers['x-writeback-company'] = session.company;
    headers['x-writeback-user'] = session.user;
    headers['x-writeback-roles'] = session.roles.join(',');
  }
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) {
    headers['content-type'] = options.contentType;
  }
  const response = await fetch(base + path, { method, headers, body });
  const type = response.headers.get('content-type') || '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    signOut('Your session ended; sign in again.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, typeof payload === 'object' ? payload : { detail: payload });
  }
  return payload;
}

export const get = path => api('GET', path);
export const post = (path, json) => api('POST', path, { json: json || {} });
export const patch = (path, json) => api('PATCH', path, { json });
export const put = (path, json) => api('PUT', path, { json });
export const enc = encodeURIComponent;
