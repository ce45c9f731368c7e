// A standards-compliant OpenID Connect provider (npm oidc-provider) on loopback, for the tests. It issues Entra-shaped
// tokens (tid, oid, roles, name, preferred_username; app-only tokens with azp, appid, app_displayname, roles) from an
// issuer shaped like Entra's: http://127.0.0.1:<port>/<tenant id>/v2.0.
//
// Started by ComplianceReview.Tests/Oidc/OidcProviderFixture.cs: `node provider.mjs <settings.json>`. It listens on a free
// port and prints one JSON line {"issuer": ...}. The app is started after it (its settings need the issuer), so the web
// client's redirect URIs arrive afterwards: POST /_test/setup {"appUrl": ...} builds the provider; until then its
// endpoints answer 503. PUT /_test/users/<login>/roles ["..."] changes a user's roles, as an administrator removing an
// app-role assignment would. Control calls carry the settings' controlToken as a bearer token.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { tenantId, signingKey, webClient, applications, apiAudiences, controlToken } = settings;
const users = new Map(Object.entries(settings.users));
const mountPath = `/${tenantId}/v2.0`;

let provider;
let issuer;

function buildProvider(appUrl) {
  const clients = [
    {
      client_id: webClient.clientId,
      client_name: 'ComplianceReview',
      redirect_uris: [`${appUrl}/signin-oidc`],
      post_logout_redirect_uris: [`${appUrl}/signout-callback-oidc`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // With a certificate (Entra's "certificate credential"), the app proves itself with a client assertion signed by
      // the certificate's private key (RFC 7523, private_key_jwt), and no secret is registered at all.
      ...(webClient.certificateJwk
        ? { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'RS256', jwks: { keys: [webClient.certificateJwk] } }
        : { token_endpoint_auth_method: 'client_secret_post', client_secret: webClient.clientSecret }),
    },
    ...applications.map((app) => ({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      client_name: app.name,
      redirect_uris: [],
      response_types: [],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
  ];
  const applicationsById = new Map(applications.map((app) => [app.clientId, app]));

  const p = new Provider(issuer, {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Entra puts these in the id token of every sign-in; the app reads oid (stable id), roles and name from it.
    claims: { openid: ['sub', 'oid', 'tid', 'roles'], profile: ['name', 'preferred_username'] },
    conformIdTokenClaims: false,
    // The authorization-code flow must use PKCE (S256): a request without a code challenge is refused.
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        // Read at every token issue (sign-in, refresh): a role removed here is missing from the next id token.
        async claims() {
          const current = users.get(sub);
          return {
            sub,
            oid: current.oid,
            tid: tenantId,
            name: current.name,
            preferred_username: current.preferredUsername,
            roles: [...current.roles],
          };
        },
      };
    },
    // First-party app: no consent screen, as an Entra tenant administrator's consent would do.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (ctx.oidc.client.clientId !== webClient.clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      await grant.save();
      return grant;
    },
    // The web client gets a refresh token at sign-in as Entra gives one for offline_access (oidc-provider itself would
    // drop that scope without an explicit consent prompt).
    async issueRefreshToken(_ctx, client) {
      return client.clientId === webClient.clientId && client.grantTypeAllowed('refresh_token');
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Entra's app-only request is scope=<api>/.default; here the API is named as the resource (RFC 8707).
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (!apiAudiences.includes(resource)) throw new errors.InvalidTarget();
          return { scope: '', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // An app-only token as Entra issues it: the application's id, its display name and the app roles assigned to it.
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'ClientCredentials') return undefined;
      const app = applicationsById.get(token.clientId);
      return {
        tid: tenantId,
        oid: app.servicePrincipalId,
        azp: app.clientId,
        appid: app.clientId,
        app_displayname: app.name,
        idtyp: 'app',
        roles: [...app.roles],
      };
    },
  });
  p.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
  return p;
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body ?? {}));
}

async function control(req, res) {
  if (req.headers.authorization !== `Bearer ${controlToken}`) return answer(res, 401, { error: 'control token required' });
  try {
    if (req.method === 'POST' && req.url === '/_test/setup') {
      const { appUrl } = await readJson(req);
      provider = buildProvider(appUrl.replace(/\/$/, ''));
      return answer(res, 200, { issuer });
    }
    const roles = /^\/_test\/users\/([^/]+)\/roles$/.exec(req.url);
    if (req.method === 'PUT' && roles) {
      const user = users.get(decodeURIComponent(roles[1]));
      if (!user) return answer(res, 404, { error: 'no such user' });
      user.roles = await readJson(req);
      return answer(res, 200, user);
    }
    return answer(res, 404, { error: 'no such control call' });
  } catch (e) {
    return answer(res, 400, { error: String(e) });
  }
}

const server = createServer((req, res) => {
  if (req.url.startsWith('/_test/')) {
    control(req, res);
    return;
  }
  if (!provider) return answer(res, 503, { error: 'not set up yet' });
  if (req.url !== mountPath && !req.url.startsWith(`${mountPath}/`) && !req.url.startsWith(`${mountPath}?`)) {
    return answer(res, 404, { error: 'not under the issuer' });
  }
  // Mounted below the issuer's path: oidc-provider reads its mount path from originalUrl.
  req.originalUrl = req.url;
  req.url = req.url.slice(mountPath.length) || '/';
  provider.callback()(req, res);
});

server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}${mountPath}`;
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// The fixture closes stdin to stop the provider; it also ends with its parent.
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
