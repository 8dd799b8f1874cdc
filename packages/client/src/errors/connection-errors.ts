/** Errors of `resolveConnection`: an incomplete device, or no connection that works. */
import type { ConnectionKind } from "../connection/rank.js";
import type { Connection } from "../protocol/model.js";
import { PlexError, type PlexErrorContext } from "./plex-error.js";

/** The outcome of one connection candidate, and the reason it was not chosen. */
export interface CandidateReport {
  uri: string;
  kind: ConnectionKind;
  connection: Connection;
  /**
   * `chosen`; `failed` (the probe failed, see `reason`); `outranked` (it
   * responded, but a better-ranked candidate was chosen); `cancelled` (still
   * probing when a better-ranked candidate was chosen).
   */
  outcome: "chosen" | "failed" | "outranked" | "cancelled";
  /** The reason the candidate was not chosen; absent for the chosen one. */
  reason?: string;
}

/** The device lacks what a connection needs: its `accessToken` or any connection. */
export class PlexIncompleteDeviceError extends PlexError {
  static {
    this.prototype.name = "PlexIncompleteDeviceError";
  }

  /** The missing field of the device. */
  readonly missing: "accessToken" | "connections";

  constructor(missing: "accessToken" | "connections", context: PlexErrorContext = {}) {
    const hint =
      missing === "accessToken"
        ? "The server hands out a source's token only to its admin token or a transient token minted from it."
        : "The server lists no way to reach this source.";
    super("ERR_PLEX_INCOMPLETE_DEVICE", `The device has no ${missing}, so it cannot be connected to. ${hint}`, context);
    this.missing = missing;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), missing: this.missing };
  }
}

/** No connection of the device responded as the expected server. */
export class PlexConnectionError extends PlexError {
  static {
    this.prototype.name = "PlexConnectionError";
  }

  /** Every candidate in order of preference, each with the reason it failed. */
  readonly candidates: readonly CandidateReport[];

  constructor(deviceName: string, candidates: readonly CandidateReport[], context: PlexErrorContext = {}) {
    const list = candidates.map((candidate) => `${candidate.uri} (${candidate.kind}): ${candidate.reason ?? "failed"}`);
    super(
      "ERR_PLEX_NO_CONNECTION",
      `No connection to ${JSON.stringify(deviceName)} works: ${list.join("; ")}. ` +
        "Check that the server is running and reachable from here.",
      context,
    );
    this.candidates = candidates;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), candidates: this.candidates.map(({ uri, kind, outcome, reason }) => ({ uri, kind, outcome, reason })) };
  }
}
