import { PlexAPI, type PlexAPIOptions } from "../../src/index.js";
import { ACCOUNT_TOKEN } from "./fixtures.js";

/** Records each wait the retry loop requests, and returns at once. */
export function recordingSleep(): { delaysMs: number[]; sleep: (delayMs: number) => Promise<void> } {
  const delaysMs: number[] = [];

  return {
    delaysMs,
    sleep: async (delayMs: number) => {
      delaysMs.push(delayMs);
    },
  };
}

/** Creates a client of `serverURL` with the account token and no real waits between retries. */
export function createTestClient(serverURL: string, options: Partial<PlexAPIOptions> = {}): PlexAPI {
  return new PlexAPI({
    serverURL,
    accessToken: ACCOUNT_TOKEN,
    clientIdentifier: "test-client-1",
    sleep: async () => undefined,
    ...options,
  });
}
