import type { ResolvedCallOptions, ClientConfig } from "../validate-options.js";
import { validateToken } from "../validate-options.js";
import { PlexAbortError } from "../errors/index.js";
import { runWithRetries } from "../retry.js";
import { raceWithSignal } from "./attempt-signal.js";
import { sendAttempt, type AttemptResponse } from "./send-attempt.js";

/** A request of the security API, before the pipeline adds headers and retries. */
export interface RequestSpec {
  method: "GET";
  /** The path relative to `serverURL`, such as `security/token`. */
  path: string;
  query: Readonly<Record<string, string | undefined>>;
  /** Sends no `X-Plex-Token`, for endpoints such as `/identity` that need none. @default false */
  anonymous?: boolean;
}

/** A 2xx response with its body, and the redaction secrets of the request that produced it. */
export interface ExecutedResponse extends AttemptResponse {
  method: string;
  url: string;
  secrets: readonly string[];
}

/**
 * Sends a request through the whole pipeline: builds the URL and headers,
 * puts the token in the `X-Plex-Token` header only, and retries by the
 * policy of `retry.ts`. Each attempt calls the token provider again, so a
 * provider can hand out a fresh token.
 */
export async function executeRequest(
  spec: RequestSpec,
  config: ClientConfig,
  call: ResolvedCallOptions,
): Promise<ExecutedResponse> {
  const url = buildRequestURL(config.baseURL, spec.path, spec.query);
  const staticSecrets = typeof config.accessToken === "string" ? [config.accessToken] : [];
  let secrets: readonly string[] = staticSecrets;

  const abortContext = { method: spec.method, url: url.href };

  const response = await runWithRetries(
    async () => {
      const token = spec.anonymous === true ? undefined : await resolveAccessToken(config, call.signal, abortContext);
      secrets = token === undefined ? staticSecrets : [...new Set([...staticSecrets, token])];

      return sendAttempt(
        {
          method: spec.method,
          url,
          headers: buildHeaders(config, token),
          tokenSent: token !== undefined,
          secrets,
          signal: call.signal,
          timeoutMs: call.timeoutMs,
        },
        config,
      );
    },
    { ...config, ...call, abortContext },
  );

  return { ...response, method: spec.method, url: url.href, secrets };
}

/**
 * Returns the token of one attempt. A token function is raced against the
 * caller's signal, so that a function that never settles cannot outlive an abort.
 */
async function resolveAccessToken(
  config: ClientConfig,
  signal: AbortSignal | undefined,
  abortContext: { method: string; url: string },
): Promise<string | undefined> {
  const { accessToken } = config;
  if (typeof accessToken !== "function") return accessToken;

  const pending = Promise.resolve().then(accessToken);
  const token: unknown = signal === undefined
    ? await pending
    : await raceWithSignal(pending, signal).catch((error: unknown) => {
      if (signal.aborted) throw new PlexAbortError({ ...abortContext, cause: signal.reason });
      throw error;
    });
  if (token === undefined) return undefined;
  if (typeof token !== "string") {
    throw new TypeError(`Invalid accessToken: the function returned ${token === null ? "null" : typeof token}, expected a string or undefined.`);
  }
  validateToken(token, "token returned by the accessToken function");

  return token;
}

function buildHeaders(config: ClientConfig, token: string | undefined): Headers {
  const headers = new Headers(config.identificationHeaders);
  headers.set("Accept", "application/json");
  if (token !== undefined) headers.set("X-Plex-Token", token);

  return headers;
}

/**
 * Builds the URL of a request from the base URL, a path relative to it and
 * query parameters. Parameters whose value is `undefined` are left out, so
 * that `undefined` and `null` are never sent as strings.
 */
export function buildRequestURL(
  baseURL: URL,
  path: string,
  query: Readonly<Record<string, string | undefined>> = {},
): URL {
  const url = new URL(path.replace(/^\/+/, ""), baseURL);

  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;

    url.searchParams.append(name, value);
  }

  return url;
}
