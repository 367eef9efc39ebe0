// A real OpenID Connect provider (the certified `oidc-provider` package) for the identity
// scenarios. It runs in a container of its own on the hub's network; tests/hub/idp.py
// writes its settings to /etc/idp/config.json:
//
//   {"issuer": "http://127.0.0.1:PORT", "port": 9000,
//    "clients": [{"client_id": "...", "client_secret": "...", "redirect_uris": ["..."]}],
//    "accounts": {"alice": {"email": "alice@example.org", "groups": ["staff"]}},
//    "tls": {"key": "/etc/idp/key.pem", "cert": "/etc/idp/cert.pem"}}   (optional)
//
// Sign-in is oidc-provider's own login and consent forms: any login is accepted, and its
// claims are the account's entry (none but `sub` for a login not listed).
import fs from "node:fs";
import http from "node:http";
import https from "node:https";

import Provider from "oidc-provider";

const settings = JSON.parse(fs.readFileSync(process.env.IDP_CONFIG || "/etc/idp/config.json"));
const accounts = settings.accounts || {};

const configuration = {
  clients: settings.clients.map((client) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    ...client,
  })),
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...(accounts[id] || {}) };
      },
    };
  },
  claims: {
    openid: ["sub"],
    profile: ["name", "preferred_username"],
    email: ["email", "email_verified"],
    groups: ["groups"],
  },
  // Each run makes its own signing key and cookie key: nothing secret is committed.
  cookies: { keys: [crypto.randomUUID()] },
  // GenericOAuthenticator reads the user from the userinfo endpoint with the access token.
  conformIdTokenClaims: false,
};

const provider = new Provider(settings.issuer, configuration);
const server = settings.tls
  ? https.createServer(
      { key: fs.readFileSync(settings.tls.key), cert: fs.readFileSync(settings.tls.cert) },
      provider.callback(),
    )
  : http.createServer(provider.callback());
server.listen(settings.port, "0.0.0.0", () => {
  console.log(`oidc-provider listening on port ${settings.port}, issuer ${settings.issuer}`);
});
