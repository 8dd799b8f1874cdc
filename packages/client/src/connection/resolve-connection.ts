/**
 * Picks the best working connection to a source: probes `GET /identity` on
 * every candidate in parallel and keeps the highest-ranked one that responds
 * as the expected server.
 */
import { PlexAbortError } from "../errors/index.js";
import { PlexConnectionError, PlexIncompleteDeviceError, type CandidateReport } from "../errors/connection-errors.js";
import type { PlexAPIOptions } from "../options.js";
import { PlexAPI } from "../plex-api.js";
import type { Connection, Device } from "../protocol/model.js";
import { ProbeError, probeIdentity } from "./probe-identity.js";
import { connectionKind, rankConnections } from "./rank.js";

export interface ResolveConnectionOptions {
  /** The limit for one candidate's `/identity` probe, in milliseconds. @default 3000 */
  probeTimeoutMs?: number;
  /** The limit for the whole resolution, in milliseconds. @default 10000 */
  deadlineMs?: number;
  /** Aborts the resolution; it then rejects with `PlexAbortError`. */
  signal?: AbortSignal;
  /** Rejects a candidate whose `machineIdentifier` differs from the device's `clientIdentifier`. @default true */
  verifyIdentity?: boolean;
  /** The `fetch` of the probes and of the returned client. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Options of the returned client besides `serverURL`, `accessToken` and `fetch`. */
  client?: Omit<PlexAPIOptions, "serverURL" | "accessToken" | "fetch">;
}

/** The chosen connection and a client bound to it and to the source's transient token. */
export interface ResolvedConnection {
  uri: string;
  connection: Connection;
  plex: PlexAPI;
  /** Every candidate in order of preference, with why each other one was not chosen. */
  candidates: CandidateReport[];
}

export const DEFAULT_PROBE_TIMEOUT_MS = 3000;
export const DEFAULT_RESOLVE_DEADLINE_MS = 10_000;

/**
 * Resolves a device from `getSourceConnectionInformation` to one working
 * connection. Candidates are the device's connection URIs exactly as given
 * (an https URI is never rewritten to http), ranked local, remote, relay and
 * https before http. The result comes as soon as every higher-ranked
 * candidate has failed; the remaining probes are aborted.
 *
 * @throws {PlexIncompleteDeviceError} when the device has no `accessToken` or no connections.
 * @throws {PlexConnectionError} listing every candidate and why it failed, when none works.
 * @throws {PlexAbortError} when `options.signal` aborts.
 */
export async function resolveConnection(device: Device, options: ResolveConnectionOptions = {}): Promise<ResolvedConnection> {
  const accessToken = device.accessToken;
  if (!accessToken) throw new PlexIncompleteDeviceError("accessToken");
  if (device.connections.length === 0) throw new PlexIncompleteDeviceError("connections");
  if (options.signal?.aborted) throw new PlexAbortError({ method: "GET", cause: options.signal.reason });

  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const candidates = rankConnections(device.connections).map(
    (connection): CandidateReport => ({ uri: connection.uri, kind: connectionKind(connection), connection, outcome: "failed" }),
  );
  const chosen = await raceProbes(device, candidates, fetchImpl, options);
  const connection = chosen.connection;

  const plex = new PlexAPI({ ...options.client, serverURL: connection.uri, accessToken, fetch: fetchImpl });

  return { uri: connection.uri, connection, plex, candidates };
}

type ProbeState = "pending" | "responded" | "failed";

function raceProbes(
  device: Device,
  candidates: CandidateReport[],
  fetchImpl: typeof fetch,
  options: ResolveConnectionOptions,
): Promise<CandidateReport> {
  const probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_RESOLVE_DEADLINE_MS;
  const verifyIdentity = options.verifyIdentity ?? true;
  const states: ProbeState[] = candidates.map(() => "pending");
  const controllers = candidates.map(() => new AbortController());
  const timers: ReturnType<typeof setTimeout>[] = [];

  return new Promise((resolve, reject) => {
    let finished = false;

    const finish = (): void => {
      finished = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener("abort", onCallerAbort);
    };
    const abortPending = (reason: string): void => {
      controllers.forEach((controller, index) => {
        if (states[index] === "pending") controller.abort(new ProbeError(reason));
      });
    };
    const onCallerAbort = (): void => {
      abortPending("aborted by the caller's signal");
      finish();
      reject(new PlexAbortError({ method: "GET", cause: options.signal?.reason }));
    };

    /** Chooses the first candidate in rank order that responded, once all before it failed. */
    const settle = (): void => {
      if (finished) return;
      const index = states.findIndex((state) => state !== "failed");
      if (index === -1) {
        finish();
        reject(new PlexConnectionError(device.name || device.clientIdentifier, candidates));
        return;
      }
      if (states[index] === "pending") return;

      const winner = candidates[index] as CandidateReport;
      winner.outcome = "chosen";
      candidates.forEach((candidate, other) => {
        if (other <= index) return;
        if (states[other] === "responded") {
          candidate.outcome = "outranked";
          candidate.reason = `responded, but ${winner.uri} ranks higher`;
        } else if (states[other] === "pending") {
          candidate.outcome = "cancelled";
          candidate.reason = `not needed: ${winner.uri} ranks higher and responded first`;
        }
      });
      abortPending("cancelled");
      finish();
      resolve(winner);
    };

    if (options.signal !== undefined) options.signal.addEventListener("abort", onCallerAbort, { once: true });
    timers.push(setTimeout(() => abortPending(`no response within the ${deadlineMs} ms deadline`), deadlineMs));

    candidates.forEach((candidate, index) => {
      const controller = controllers[index] as AbortController;
      timers.push(setTimeout(() => controller.abort(new ProbeError(`no response within ${probeTimeoutMs} ms`)), probeTimeoutMs));

      probeIdentity(candidate.uri, fetchImpl, controller.signal)
        .then((identity) => {
          if (verifyIdentity && identity.machineIdentifier !== device.clientIdentifier) {
            throw new ProbeError(
              `responded as machine ${identity.machineIdentifier}, expected ${device.clientIdentifier}`,
            );
          }
          states[index] = "responded";
        })
        .catch((error: unknown) => {
          states[index] = "failed";
          if (!finished) candidate.reason = error instanceof ProbeError ? error.message : String(error);
        })
        .finally(settle);
    });
  });
}
