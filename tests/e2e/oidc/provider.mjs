// A real OIDC provider (npm oidc-provider) on 127.0.0.1 for the dashboard's single sign-on test.
// Usage: node provider.mjs PORT REDIRECT_URI. Any login name signs in (devInteractions); the
// name is the e-mail claim, and names starting with "renshe" are in group hetang-renshe.
import Provider from "oidc-provider";

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "hetang-monitor",
      client_secret: "test-client-secret",
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [redirectUri], // where Streamlit asks to return after st.logout
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], groups: ["groups"] },
  scopes: ["openid", "email", "groups"],
  conformIdTokenClaims: false, // the scope's claims in the ID token, where st.user reads them
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({
      sub: id,
      email: id,
      email_verified: true,
      groups: id.startsWith("renshe") ? ["hetang-renshe"] : [],
    }),
  }),
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  cookies: { keys: ["hetang-test-cookie-key"] },
});

provider.listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
