/** Exit statuses of `plex-security`. */
export const ExitCode = {
  Success: 0,
  /** A request or the server failed; stderr has a one-line reason. */
  Failure: 1,
  /** Wrong usage: a bad option, argument, configuration or missing credential. */
  Usage: 2,
} as const;

/** A mistake the user can fix in the command line, environment or configuration; exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A request that failed: unreachable server, error status or unreadable body; exits 1 with a one-line reason. */
export class RequestFailedError extends Error {
  override name = "RequestFailedError";
}
