import { PlexAbortError, PlexConnectionError } from "../errors/index.js";
import { randomClientIdentifier } from "../identification-headers.js";
import { MAX_TIMER_MS } from "../options.js";
import { PlexAPI } from "../plex-api.js";
import type { Connection, Device, ServerIdentity } from "../protocol/model.js";
import { validateOptionalInteger } from "../validate-options.js";
import { probeConnection, type CandidateClientOptions, type ProbeOutcome } from "./probe-connection.js";
import { rankConnections } from "./rank-connections.js";

/** The options of {@link resolveConnection}. */
export interface ResolveConnectionOptions {
  /** The limit for each probe of `GET /identity`, in milliseconds. @default 3000 */
  probeTimeoutMs?: number;
  /** The limit for the whole resolution, in milliseconds. @default 10000 */
  deadlineMs?: number;
  /** Aborts every probe; the call then rejects with `PlexAbortError`. */
  signal?: AbortSignal;
  /** Options of the probes and of the returned client, such as `clientIdentifier`, `fetch` or `timeoutMs`. */
  clientOptions?: CandidateClientOptions;
}

/** The connection that {@link resolveConnection} chose. */
export interface ResolvedConnection {
  connection: Connection;
  /** The connection's `uri`, exactly as the server listed it. */
  uri: string;
  /** The `GET /identity` response of the chosen address. */
  identity: ServerIdentity;
  /** A client bound to `uri` and to the device's `accessToken`. */
  plex: PlexAPI;
}

/** Default per-probe limit: 3 seconds. */
export const DEFAULT_PROBE_TIMEOUT_MS = 3000;
/** Default limit for a whole resolution: 10 seconds. */
export const DEFAULT_RESOLVE_DEADLINE_MS = 10_000;

/**
 * Picks the best working connection to a source. Ranks the device's
 * connections (local, remote, relay, and https before http), probes
 * `GET /identity` on all of them in parallel, and returns the
 * highest-ranked one whose `machineIdentifier` equals the device's
 * `clientIdentifier`, as soon as every higher-ranked one has failed. The
 * other probes are then aborted.
 *
 * @param device The `device` of a `getSourceConnectionInformation` result.
 * @throws {PlexConnectionError} when no connection works, listing each one and why it failed.
 * @throws {PlexAbortError} when `options.signal` aborts.
 * @throws {TypeError | RangeError} for an invalid option.
 */
export async function resolveConnection(device: Device, options: ResolveConnectionOptions = {}): Promise<ResolvedConnection> {
  const settings = validateResolveOptions(options);
  const candidates = rankConnections(device.connections);
  if (options.signal?.aborted) throw new PlexAbortError({ cause: options.signal.reason });
  if (candidates.length === 0) throw new PlexConnectionError({ clientIdentifier: device.clientIdentifier, failures: [] });

  const controller = new AbortController();
  let deadlinePassed = false;
  const deadline = setTimeout(() => {
    deadlinePassed = true;
    controller.abort(new Error(`The resolution passed its deadline of ${settings.deadlineMs} ms.`));
  }, settings.deadlineMs);
  const onCallerAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });

  try {
    const winner = await firstInRankOrder(
      candidates.map((connection) =>
        probeConnection(connection, {
          ...settings,
          expectedIdentifier: device.clientIdentifier,
          signal: controller.signal,
          deadlinePassed: () => deadlinePassed,
        }),
      ),
      device.clientIdentifier,
      options.signal,
    );

    return {
      connection: winner.connection,
      uri: winner.connection.uri,
      identity: winner.identity,
      plex: new PlexAPI({ ...settings.clientOptions, serverURL: winner.connection.uri, accessToken: device.accessToken }),
    };
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener("abort", onCallerAbort);
    controller.abort(new Error("The resolution has finished."));
  }
}

type Success = Extract<ProbeOutcome, { ok: true }>;

/**
 * Resolves with the first success in rank order once every outcome before
 * it is known to be a failure, or rejects with every failure.
 */
function firstInRankOrder(probes: Promise<ProbeOutcome>[], clientIdentifier: string, signal: AbortSignal | undefined): Promise<Success> {
  return new Promise((resolve, reject) => {
    const outcomes: (ProbeOutcome | undefined)[] = probes.map(() => undefined);
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;

      settled = true;
      signal?.removeEventListener("abort", onAbort);
      finish();
    };
    const onAbort = (): void => settle(() => reject(new PlexAbortError({ cause: signal?.reason })));
    signal?.addEventListener("abort", onAbort, { once: true });

    const decide = (): void => {
      for (const outcome of outcomes) {
        if (outcome === undefined) return;
        if (outcome.ok) return settle(() => resolve(outcome));
      }

      const failures = outcomes.map((outcome) => (outcome as Extract<ProbeOutcome, { ok: false }>).failure);
      settle(() => reject(new PlexConnectionError({ clientIdentifier, failures })));
    };

    probes.forEach((probe, index) => {
      probe.then(
        (outcome) => {
          outcomes[index] = outcome;
          decide();
        },
        (error: unknown) => settle(() => reject(error)),
      );
    });
  });
}

function validateResolveOptions(options: ResolveConnectionOptions) {
  if (typeof options !== "object" || options === null) throw new TypeError("Invalid resolveConnection options: expected an object.");

  const clientOptions: CandidateClientOptions = { ...options.clientOptions };
  for (const key of ["serverURL", "accessToken"]) {
    if (key in clientOptions) {
      throw new TypeError(`Invalid clientOptions.${key}: resolveConnection takes it from the chosen connection and the device.`);
    }
  }
  // One identifier for every probe and the returned client, so that the source logs a single client.
  clientOptions.clientIdentifier ??= randomClientIdentifier();
  // Constructing a client sends nothing; it only validates the options once, before any probe.
  new PlexAPI({ ...clientOptions, serverURL: "http://127.0.0.1/" });

  return {
    clientOptions,
    probeTimeoutMs: validateOptionalInteger(options.probeTimeoutMs, "probeTimeoutMs", 1, MAX_TIMER_MS) ?? DEFAULT_PROBE_TIMEOUT_MS,
    deadlineMs: validateOptionalInteger(options.deadlineMs, "deadlineMs", 1, MAX_TIMER_MS) ?? DEFAULT_RESOLVE_DEADLINE_MS,
  };
}
