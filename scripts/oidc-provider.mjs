// A real OpenID Connect provider on loopback, for signing in to the pages locally and in tests (oauth2-mock-server).
// It is shaped like Entra ID's (issuer http://127.0.0.1:<port>/loopback/v2.0, a `tid` claim), so the service signs in
// through Microsoft.Identity.Web exactly as it does in Azure. Its sign-in page asks which sample staff member you are;
// their groups map to roles and councils through the service's SignIn__Groups__* settings.
//   node scripts/oidc-provider.mjs [port]        (default 7081; prints "listening <issuer>" once ready)
// With OIDC_CLIENT_ASSERTION set, the token endpoint takes only that signed assertion as the client's proof (as Entra ID
// does with a federated credential): a client secret, or another assertion, is refused with invalid_client.
import { OAuth2Server, Events } from 'oauth2-mock-server';

const port = Number(process.argv[2] ?? process.env.OIDC_PORT ?? 7081);
const tenant = 'loopback';
const base = `http://127.0.0.1:${port}`;
const prefix = `/${tenant}/v2.0`;

export const users = {
  'hub-manager': { name: 'Hana Hughes', title: 'Service manager, every council', groups: ['fw-hub-managers'] },
  'herts-manager': { name: 'Harriet Hall', title: 'Team manager, Hertfordshire', groups: ['fw-herts-managers'] },
  'leics-manager': { name: 'Leo Lyons', title: 'Team manager, Leicestershire', groups: ['fw-leics-managers'] },
  'herts-officer': { name: 'Olu Okafor', title: 'Recruitment officer, Hertfordshire', groups: ['fw-herts-officers'] },
  'leics-officer': { name: 'Lina Lal', title: 'Recruitment officer, Leicestershire', groups: ['fw-leics-officers'] },
  'triage-officer': { name: 'Tariq Tan', title: 'Triage officer, Hampshire and the Isle of Wight hub', groups: ['fw-hampshire-iow-triage'] },
  'admin': { name: 'Ada Adams', title: 'Administrator (records and access), every council', groups: ['fw-admins'] },
};

const endpoints = {
  wellKnownDocument: `${prefix}/.well-known/openid-configuration`,
  authorize: '/authorize-now',
  token: '/token',
  jwks: '/jwks',
  userinfo: '/userinfo',
  revoke: '/revoke',
  endSession: '/endsession',
  introspect: '/introspect',
};
const server = new OAuth2Server(undefined, undefined, { endpoints });
await server.issuer.keys.generate('RS256');
server.issuer.url = `${base}${prefix}`;

// Discovery names the routes where they really are, and the sign-in page as the authorization endpoint.
server.service.on(Events.BeforeWellKnownOpenIdConfiguration, (response) => {
  for (const [field, path] of [['token_endpoint', endpoints.token], ['jwks_uri', endpoints.jwks], ['userinfo_endpoint', endpoints.userinfo],
    ['revocation_endpoint', endpoints.revoke], ['end_session_endpoint', endpoints.endSession], ['introspection_endpoint', endpoints.introspect]]) {
    response.body[field] = `${base}${path}`;
  }
  response.body.authorization_endpoint = `${base}/${tenant}/oauth2/v2.0/authorize`;
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The sign-in page: which sample staff member are you?
server.service.addRoute('GET', `/${tenant}/oauth2/v2.0/authorize`, (req, res) => {
  const query = new URLSearchParams(req.url.split('?')[1] ?? '');
  const choices = Object.entries(users).map(([id, user]) => {
    query.set('login_hint', id);
    return `<li><a href="${endpoints.authorize}?${escape(query.toString())}">${escape(user.name)}</a> (${escape(user.title)})</li>`;
  }).join('\n');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in (loopback provider)</title></head>
<body><main><h1>Sign in as</h1><p>A local OpenID Connect provider for development and tests.</p><ul>${choices}</ul></main></body></html>`);
});

// Which code was issued to whom, so the token says who signed in.
const signedIn = new Map();
server.service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
  const hint = new URL(req.url, base).searchParams.get('login_hint');
  signedIn.set(redirect.url.searchParams.get('code'), users[hint] ? hint : 'hub-manager');
});
server.service.on(Events.BeforeTokenSigning, (token, req) => {
  const id = signedIn.get(req.body?.code) ?? 'hub-manager';
  const user = users[id];
  Object.assign(token.payload, {
    oid: id, tid: tenant, name: user.name, preferred_username: `${id}@loopback.example`, groups: user.groups, ver: '2.0',
  });
});

const requiredAssertion = process.env.OIDC_CLIENT_ASSERTION;
if (requiredAssertion) {
  server.service.on(Events.BeforeResponse, (response, req) => {
    const body = req.body ?? {};
    if (body.client_secret || body.client_assertion !== requiredAssertion
      || body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      response.statusCode = 401;
      response.body = { error: 'invalid_client', error_description: 'The client must prove itself with its federated credential.' };
    }
  });
}

await server.start(port, '127.0.0.1');
console.log(`listening ${server.issuer.url}`);
