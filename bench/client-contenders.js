/**
 * The clients compared in the client call benchmark, each set up once and
 * returning a function that makes one `getTransientToken` call. Each call
 * checks its result, so that a client that failed quietly would not look fast.
 */
import { PlexAPI, QueryParamType, Scope } from "@plex-security/client";
import { PlexAPI as PlexAPI023 } from "plexjs-0.23.5";
import { GetTransientTokenQueryParamType, Scope as Scope023 } from "plexjs-0.23.5/sdk/models/operations/index.js";
import { PlexAPI as PlexAPI043 } from "plexjs-0.43.0";
import { GetTransientTokenScope, GetTransientTokenType } from "plexjs-0.43.0/sdk/models/operations/index.js";

/** The token every contender sends. The fixed-response server ignores it. */
const ACCESS_TOKEN = "bench-admin-token-0123456789";

/** The token in the fixed-response server's body. */
export const EXPECTED_TOKEN = "transient-90904684-f91a-4391-8bf7-e0dfa7240285";

function expectToken(token) {
  if (token !== EXPECTED_TOKEN) throw new Error(`unexpected token in the response: ${String(token)}`);
}

/**
 * Creates the baseline call: a bare `fetch` with the `Accept` and
 * `X-Plex-Token` headers our client sends, and `JSON.parse` of the body.
 */
function bareFetch(serverURL) {
  const url = new URL("security/token?type=delegation&scope=all", serverURL).href;
  const headers = { Accept: "application/json", "X-Plex-Token": ACCESS_TOKEN };

  return async () => {
    const response = await globalThis.fetch(url, { headers });
    const body = JSON.parse(await response.text());
    expectToken(body.MediaContainer.token);
  };
}

function ourClient(serverURL) {
  const plex = new PlexAPI({ serverURL, accessToken: ACCESS_TOKEN });

  return async () => {
    const { token } = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);
    expectToken(token);
  };
}

/** plexjs 0.23.5 reads and discards the body, so only the status can be checked. */
function plexjs023(serverURL) {
  const sdk = new PlexAPI023({ serverURL, accessToken: ACCESS_TOKEN });

  return async () => {
    const result = await sdk.authentication.getTransientToken(GetTransientTokenQueryParamType.Delegation, Scope023.All);
    if (result.statusCode !== 200) throw new Error(`unexpected status ${result.statusCode}`);
  };
}

function plexjs043(serverURL) {
  const sdk = new PlexAPI043({ serverURL, token: ACCESS_TOKEN });

  return async () => {
    const result = await sdk.general.getTransientToken({
      type: GetTransientTokenType.Delegation,
      scope: GetTransientTokenScope.All,
    });
    expectToken(result.object.mediaContainer.token);
  };
}

/** The contenders, the baseline first. */
export const CONTENDERS = [
  { name: "fetch + JSON.parse", create: bareFetch, baseline: true },
  { name: "@plex-security/client", create: ourClient },
  { name: "plexjs 0.23.5", create: plexjs023 },
  { name: "plexjs 0.43.0", create: plexjs043 },
];
