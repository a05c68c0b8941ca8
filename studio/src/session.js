// Who is signed in. Kept in memory only: a reload signs out (an OIDC login keeps nothing but its PKCE
// verifier, and only until the issuer sends the browser back).
export const session = { company: null, user: null, roles: [], token: null, notice: null };
export const config = { signIn: 'local' };

export async function loadConfig(base) {
  Object.assign(config, await (await fetch(base + '/studio/config.json')).json());
}

export function signInAs(company, user, roles) {
  Object.assign(session, { company, user, roles, token: null, notice: null });
}

export function signOut(notice) {
  Object.assign(session, { company: null, user: null, roles: [], token: null, notice: notice || null });
  location.hash = '#/sign-in';
}

export const signedIn = () => !!(session.user || session.token);
export const hasRole = role => session.roles.includes(role);

const PENDING = 'writeback-studio-oidc';

function randomString() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return base64url(bytes);
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery() {
  const response = await fetch(config.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!response.ok) throw new Error('The identity provider did not answer its discovery document (HTTP ' + response.status + ').');
  return response.json();
}

function redirectUri() {
  return location.origin + location.pathname;
}

/** Sends the browser to the issuer: authorization code with PKCE (S256). */
export async function startOidcSignIn() {
  const provider = await discovery();
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(),
    scope: 'openid', state, code_challenge: challenge, code_challenge_method: 'S256' }).toString();
  location.assign(url.toString());
}

/** On the way back from the issuer: exchanges the code for tokens, once. Returns whether it signed in. */
export async function finishOidcSignIn() {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  if (!params.has('code') && !params.has('error')) return false;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + '#/');
  if (params.has('error')) throw new Error('The identity provider refused the sign-in: ' + (params.get('error_description') || params.get('error')));
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in answer does not match a sign-in started here; sign in again.');
  const provider = await discovery();
  // config.json names the token endpoint when it is on another host than the issuer (Cognito's): the only one besides
  // the issuer that the page's policy lets it call
  const response = await fetch(config.tokenEndpoint || provider.token_endpoint, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: config.clientId, code_verifier: pending.verifier }) });
  const tokens = await response.json();
  if (!response.ok) throw new Error('The identity provider did not issue a token: ' + (tokens.error_description || tokens.error));
  const jwt = [tokens.access_token, tokens.id_token].find(t => typeof t === 'string' && t.split('.').length === 3);
  if (!jwt) throw new Error('The identity provider issued no JWT the API accepts.');
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0))));
  const roles = String(claims.roles || claims['cognito:groups'] || '').replace(/[\[\]"]/g, '').split(/[,\s]+/).filter(Boolean).map(r => r.toUpperCase());
  Object.assign(session, { token: jwt, user: claims.sub, company: claims.company_id, roles, notice: null });
  return true;
}
