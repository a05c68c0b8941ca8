// A real OAuth 2.0 authorization server (oidc-provider) for integration tests, on 127.0.0.1 only.
//
//   node oauth-server.mjs <port> <redirect-uri>[,<redirect-uri>...]
//
// Clients (secrets are test fixtures):
//   writeback-basic    authorization_code + refresh_token, client_secret_basic, PKCE required
//   writeback-post     authorization_code + refresh_token, client_secret_post,  PKCE required
//   writeback-service  client_credentials, client_secret_basic
//   writeback-studio   authorization_code, a public client (no secret; PKCE), as the studio's pages sign in
// Every account's ID token carries sub, company_id "acme" and roles "author" (the claims the API's callers have).
// Refresh tokens rotate on every use; a reused refresh token revokes its grant (oidc-provider's rule).
//
// The browser part needs no forms: GET /interaction/<uid> logs in the account named by the
// authorization request's login_hint (default "provider-user") and consents to what was asked.
// POST /test/fail-token-requests?count=N makes the next N token requests answer 503 (to test retries).
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const redirectUris = (process.argv[3] || '').split(',').filter(Boolean);
if (!port || redirectUris.length === 0) {
  console.error('usage: node oauth-server.mjs <port> <redirect-uri>[,<redirect-uri>...]');
  process.exit(2);
}

const CLIENTS = {
  basic: { id: 'writeback-basic', secret: 'basic-client-secret-0123456789abcdef' },
  post: { id: 'writeback-post', secret: 'post-client-secret-0123456789abcdef' },
  service: { id: 'writeback-service', secret: 'service-client-secret-0123456789abcdef' },
};

const codeClient = (c, method) => ({
  client_id: c.id,
  client_secret: c.secret,
  redirect_uris: redirectUris,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: method,
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    codeClient(CLIENTS.basic, 'client_secret_basic'),
    codeClient(CLIENTS.post, 'client_secret_post'),
    {
      client_id: 'writeback-studio',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    {
      client_id: CLIENTS.service.id,
      client_secret: CLIENTS.service.secret,
      redirect_uris: [],
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'api:read',
    },
  ],
  scopes: ['openid', 'offline_access', 'api:read'],
  claims: { openid: ['sub', 'company_id', 'roles'] },
  // the ID token itself carries the claims (it is the JWT the studio sends), not only the userinfo endpoint
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  rotateRefreshToken: () => true,
  ttl: {
    AccessToken: 120,
    AuthorizationCode: 60,
    ClientCredentials: 120,
    Grant: 3600,
    IdToken: 120,
    Interaction: 300,
    RefreshToken: 3600,
    Session: 600,
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, company_id: 'acme', roles: 'author' }) }),
  cookies: { keys: ['writeback-test-cookie-key'] },
});

let failTokenRequests = 0;

// Runs before the provider's own routes.
provider.middleware.unshift(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/test/fail-token-requests') {
    failTokenRequests = Number(ctx.query.count || 1);
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/token' && failTokenRequests > 0) {
    failTokenRequests -= 1;
    ctx.status = 503;
    ctx.type = 'text/plain';
    ctx.body = 'temporarily unavailable';
    return;
  }
  if (ctx.method === 'GET' && ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { prompt, params, session } = details;
    if (prompt.name === 'login') {
      const accountId = params.login_hint || 'provider-user';
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId } }, { mergeWithLastSubmission: false });
    } else if (prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      const missing = prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      if (missing.missingResourceScopes) {
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
      }
      const grantId = await grant.save();
      await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } else {
      ctx.status = 400;
      ctx.body = `unexpected prompt ${prompt.name}`;
    }
    ctx.respond = false;
    return;
  }
  await next();
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oauth-server listening on http://127.0.0.1:${port}`);
});
