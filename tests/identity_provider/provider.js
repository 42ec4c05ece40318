// A real OpenID Connect provider for the tests (node provider.js), listening on 127.0.0.1.
//
// Environment: QMS_IDP_ACCOUNTS, a JSON file {"login": {"email": ..., "groups": [...], ...}} read
// at every sign-in, so a test changes someone's groups between two sign-ins; QMS_IDP_REDIRECT_URIS
// and QMS_IDP_LOGOUT_URIS, comma-separated. Prints "listening <port>" once it answers.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const accountsFile = process.env.QMS_IDP_ACCOUNTS;
const list = (name) => (process.env[name] || '').split(',').filter(Boolean);

function account(login) {
  const people = JSON.parse(readFileSync(accountsFile, 'utf8'));
  return people[login];
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{
      client_id: process.env.QMS_IDP_CLIENT_ID || 'qms',
      client_secret: process.env.QMS_IDP_CLIENT_SECRET || 'qms-test-secret',
      redirect_uris: list('QMS_IDP_REDIRECT_URIS'),
      post_logout_redirect_uris: list('QMS_IDP_LOGOUT_URIS'),
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'name', 'preferred_username'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    cookies: { keys: ['test-only-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, id) {
      const person = account(id);
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, preferred_username: id, email_verified: true, ...account(id) };
        },
      };
    },
  });
  server.on('request', provider.callback());
  console.log(`listening ${port}`);
});
