/**
 * A minimal stand-in for the security API of PMS, for tests of code that
 * mints and uses transient tokens: it mints real-looking tokens, checks them
 * on /security/resources, and can forget them all as a restart does.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { ACCOUNT_TOKEN, PMS_401_HTML, RESOURCES_JSON } from "./fixtures.js";
import type { TestHandler } from "./test-server.js";

export interface FakePMS {
  handler: TestHandler;
  /** The transient tokens minted so far, in order. */
  minted: string[];
  /** Forgets every transient token, as a PMS restart does. */
  restart(): void;
  /** Delays each mint response by this many milliseconds. */
  mintDelayMs: number;
  /** The status of every mint response while set, in place of a token. */
  mintStatus: number | undefined;
}

export function createFakePMS(): FakePMS {
  const live = new Set<string>();
  const fake: FakePMS = {
    minted: [],
    mintDelayMs: 0,
    mintStatus: undefined,
    restart: () => live.clear(),
    handler: (request, response) => {
      const token = request.headers["x-plex-token"];
      const authorized = token === ACCOUNT_TOKEN || (typeof token === "string" && live.has(token));
      if (!authorized) return send(response, 401, PMS_401_HTML, "text/html");

      if (request.url?.startsWith("/security/token")) return mint(fake, live, response);
      if (request.url?.startsWith("/security/resources")) return send(response, 200, RESOURCES_JSON, "application/json");

      send(response, 404, "Not Found", "text/plain");
    },
  };

  return fake;
}

function mint(fake: FakePMS, live: Set<string>, response: ServerResponse<IncomingMessage>): void {
  setTimeout(() => {
    if (fake.mintStatus !== undefined) return send(response, fake.mintStatus, "", "text/plain");

    const token = `transient-${randomUUID()}`;
    live.add(token);
    fake.minted.push(token);
    send(response, 200, JSON.stringify({ MediaContainer: { size: 0, token } }), "application/json");
  }, fake.mintDelayMs);
}

function send(response: ServerResponse<IncomingMessage>, status: number, body: string, contentType: string): void {
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}
