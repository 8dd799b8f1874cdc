/**
 * Requests this server makes to a configured source, through the client:
 * resolving a working connection and minting a transient token there.
 */
import {
  PlexConnectionError,
  PlexError,
  QueryParamType,
  resolveConnection,
  Scope,
  type Device,
} from "@plex-security/client";

import { BadGatewayError } from "../http-errors.js";
import type { SourceConfig } from "../config.js";
import { completeConnection } from "../connections.js";

/** A token minted on a source, and the connection that minted it. */
export interface UpstreamToken {
  token: string;
  uri: string;
}

/** The fields logged for a failed upstream request; never a token. */
export interface UpstreamFailure {
  source: string;
  code: string;
  reason: string;
  candidates?: { uri: string; outcome: string; reason?: string }[];
}

export interface UpstreamOptions {
  /** Sent as `X-Plex-Client-Identifier`: this server's machine identifier. */
  clientIdentifier: string;
  fetch?: typeof fetch;
  onFailure(failure: UpstreamFailure): void;
}

/**
 * Mints a transient token on a source with this server's credential for it.
 * The connection is resolved first; for `server://` sources only one that
 * responds to `/identity` as the source's machine gets the credential.
 *
 * @throws {BadGatewayError} naming the source when no connection can mint.
 */
export async function mintOnSource(source: SourceConfig, options: UpstreamOptions): Promise<UpstreamToken> {
  const id = source.source.slice(source.source.indexOf("://") + 3);
  const device: Device = {
    name: source.name,
    clientIdentifier: id,
    accessToken: source.token,
    connections: source.connections.map(completeConnection),
  };

  try {
    const { plex, uri } = await resolveConnection(device, {
      verifyIdentity: source.source.startsWith("server://"),
      probeTimeoutMs: source.timeoutMs,
      deadlineMs: source.timeoutMs * 2,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      client: { clientIdentifier: options.clientIdentifier, product: "plex-security", timeoutMs: source.timeoutMs, retries: 1 },
    });
    const { token } = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);

    return { token, uri };
  } catch (error) {
    if (!(error instanceof PlexError)) throw error;
    options.onFailure(describeFailure(source.source, error));

    throw new BadGatewayError(
      `Source "${source.source}" is unavailable: this server could not mint a token on it. The server log has the details.`,
    );
  }
}

/** Outcome of checking a cached token on its source. */
export type TokenCheck = "valid" | "rejected" | "unknown";

/**
 * Checks a cached token with `GET /` on the connection that minted it:
 * 200 is valid, 401 is rejected (expired, revoked, or the source restarted),
 * anything else, such as the source being down, leaves it unknown.
 */
export async function checkOnSource(token: UpstreamToken, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<TokenCheck> {
  const base = token.uri.endsWith("/") ? token.uri : `${token.uri}/`;

  // A source that restarted closes the pooled keep-alive connection, and a request that races
  // the close fails at once: one more attempt goes out on a new connection.
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetchImpl(base, {
        headers: { "X-Plex-Token": token.token, Accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      await response.body?.cancel();
      if (response.status === 401) return "rejected";

      return response.ok ? "valid" : "unknown";
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      if (timedOut || attempt === 2) return "unknown";
    }
  }
}

function describeFailure(source: string, error: PlexError): UpstreamFailure {
  const failure: UpstreamFailure = { source, code: error.code, reason: error.message };
  if (error instanceof PlexConnectionError) {
    failure.candidates = error.candidates.map(({ uri, outcome, reason }) => ({ uri, outcome, reason }));
  }

  return failure;
}
