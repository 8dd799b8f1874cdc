import { decodeErrors } from "@plex-security/client/protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rawRequest } from "../helpers/raw-request.js";
import {
  ADMIN_TOKEN,
  ALICE_TOKEN,
  MACHINE_ID,
  mintToken,
  startTestServer,
  testConfig,
  type TestServer,
} from "../helpers/test-server.js";

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const PATHS = ["/security/token", "/security/resources", "/security/tokens", "/identity", "/", "/library", "/security/tokens/abcdef01"];
const PARAMETER_NAMES = ["type", "scope", "source", "refresh", "X-Plex-Token", "x-plex-token", "principal", "other"];

/** Query values: valid ones, near misses, broken percent-encoding, unicode, control characters and 8 KB strings. */
const queryValue = fc.oneof(
  fc.constantFrom("delegation", "all", `server://${MACHINE_ID}`, "provider://tv.plex.provider.vod", "1", "0", "None", ""),
  fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "%ff%fe", "server%3A%2F%2F", "server%253A%252F%252Fx", "a+b", "%2B%2F", ";"),
  fc.string({ unit: "grapheme", maxLength: 40 }).map(encodeURIComponent),
  fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(`server://${text}`)),
  fc.constant("x".repeat(8192)),
  fc.constant(encodeURIComponent("\u0000\u0001\u001f\u007f")),
);

const queryString = fc
  .array(fc.tuple(fc.constantFrom(...PARAMETER_NAMES), queryValue), { maxLength: 6 })
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([name, value]) => `${name}=${value}`).join("&")}`));

/** Tokens of every shape: configured, transient-looking, empty, "None", long, and arbitrary printable text. */
const tokenHeader = fc.option(
  fc.oneof(
    fc.constantFrom(ADMIN_TOKEN, ALICE_TOKEN, "", "None", "null", "transient-00000000-0000-4000-8000-000000000000"),
    fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 64 }),
    fc.constant("t".repeat(4000)),
  ),
  { nil: undefined },
);

/** Sends one generated request, with the token and Accept headers only where generated. */
function sendRequest(url: string, method: string, target: string, token: string | undefined, accept: string | undefined) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers["X-Plex-Token"] = token;
  if (accept !== undefined) headers.Accept = accept;

  return rawRequest(url, method, target, headers);
}

const acceptHeader = fc.constantFrom(undefined, "application/json", "text/xml", "*/*", "application/json;q=0", "garbage/;;;");

describe("any request", () => {
  let server: TestServer;

  beforeAll(async () => {
    // These properties send hundreds of wrong tokens from one address; the limit on them has its own block below.
    server = await startTestServer({ config: testConfig({ authFailureLimit: { enabled: false } }) });
  });
  afterAll(async () => {
    await server.close();
  });

  it("gets a 4xx with a message or a 2xx, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom(...PATHS),
        queryString,
        tokenHeader,
        acceptHeader,
        async (method, path, query, token, accept) => {
          const response = await sendRequest(server.url, method, `${path}${query}`, token, accept);

          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
          // Node's parser responds with 431 and no body when the request line and headers pass its limit.
          const bodyless = method === "HEAD" || (response.status === 431 && response.body === "");
          if (response.status >= 400 && !bodyless) {
            const [entry] = decodeErrors(response.body, String(response.headers["content-type"]));
            expect(entry?.status).toBe(response.status);
            expect(entry?.message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 400 },
    );

    const health = await rawRequest(server.url, "GET", "/security/token?type=delegation&scope=all", { "X-Plex-Token": ADMIN_TOKEN });
    expect(health.status).toBe(200);
  });

  it("rejects every token but the valid ones with 401", async () => {
    const arbitraryToken = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 64 });

    await fc.assert(
      fc.asyncProperty(arbitraryToken, async (token) => {
        fc.pre(token !== ADMIN_TOKEN && token !== ALICE_TOKEN);
        const response = await rawRequest(server.url, "GET", "/security/token?type=delegation&scope=all", { "X-Plex-Token": token });

        expect(response.status).toBe(401);
      }),
      { numRuns: 200 },
    );
  });

  it("mints whatever other parameters come along", async () => {
    const otherName = fc.constantFrom("other", "refresh", "source", "X-Plex-Product", "size");

    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(otherName, queryValue.filter((value) => value.length < 200)), { maxLength: 4 }), async (pairs) => {
        const extra = pairs.map(([name, value]) => `&${name}=${value}`).join("");
        const response = await rawRequest(server.url, "POST", `/security/token?type=delegation&scope=all${extra}`, {
          "X-Plex-Token": ADMIN_TOKEN,
        });

        expect(response.status).toBe(200);
      }),
      { numRuns: 150 },
    );
  });

  it("names the parameter of a wrong type or scope", async () => {
    const wrongValue = queryValue.filter((value) => value !== "delegation" && value !== "all" && value.length < 200);

    await fc.assert(
      fc.asyncProperty(fc.constantFrom("type", "scope"), wrongValue, async (name, value) => {
        const valid = name === "type" ? "scope=all" : "type=delegation";
        const response = await rawRequest(server.url, "GET", `/security/token?${valid}&${name}=${value}`, {
          "X-Plex-Token": ADMIN_TOKEN,
          Accept: "application/json",
        });

        expect(response.status).toBe(400);
        expect(JSON.parse(response.body).errors[0].message).toContain(`"${name}"`);
      }),
      { numRuns: 150 },
    );
  });

  it("answers 403 to a shared user for any source", async () => {
    await fc.assert(
      fc.asyncProperty(queryValue, async (source) => {
        const response = await rawRequest(server.url, "GET", `/security/resources?source=${source}`, { "X-Plex-Token": ALICE_TOKEN });

        expect([403, 414]).toContain(response.status);
      }),
      { numRuns: 100 },
    );
  });
});

describe("any request from a blocked address", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ config: testConfig({ authFailureLimit: { maxFailures: 1, windowSeconds: 3600 } }) });
    for (const token of ["wrong-token-1-0123456789", "wrong-token-2-0123456789"]) {
      await rawRequest(server.url, "GET", "/", { "X-Plex-Token": token });
    }
  });
  afterAll(async () => {
    await server.close();
  });

  it("learns nothing about any token", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom(...PATHS),
        queryString,
        tokenHeader,
        acceptHeader,
        async (method, path, query, token, accept) => {
          const response = await sendRequest(server.url, method, `${path}${query}`, token, accept);

          expect(response.status).toBeLessThan(500);
          expect([401, 403]).not.toContain(response.status);
          if (path !== "/identity") expect(response.status).toBeGreaterThanOrEqual(400);
          if (response.status === 429) expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
          if (response.status === 429 && method !== "HEAD") {
            const [entry] = decodeErrors(response.body, String(response.headers["content-type"]));
            expect(entry?.code).toBe(1005);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("any sequence of reloads", () => {
  const USERS = ["alice", "bob", "carol"].map((id) => ({ id, token: `${id}-token-0123456789abcdef` }));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ config: testConfig({ sharedUsers: USERS, authFailureLimit: { enabled: false } }) });
  });
  afterAll(async () => {
    await server.close();
  });

  async function statusOf(token: string): Promise<number> {
    return (await rawRequest(server.url, "GET", "/", { "X-Plex-Token": token })).status;
  }

  it("leaves exactly the configured principals valid", async () => {
    const userSet = fc.subarray(USERS);

    await fc.assert(
      fc.asyncProperty(fc.array(userSet, { minLength: 1, maxLength: 4 }), async (steps) => {
        await server.app.reloadConfig(testConfig({ sharedUsers: USERS, authFailureLimit: { enabled: false } }));
        const transient = new Map<string, string>();
        for (const user of USERS) transient.set(user.id, await mintToken(server, user.token));
        const removed = new Set<string>();

        for (const users of steps) {
          // Requests run while the reload is applied; each must get a plain 200 or 401.
          const during = USERS.map((user) => statusOf(user.token));
          await server.app.reloadConfig(testConfig({ sharedUsers: users, authFailureLimit: { enabled: false } }));
          for (const answer of await Promise.all(during)) expect([200, 401]).toContain(answer);
          for (const user of USERS) {
            if (!users.includes(user)) removed.add(user.id);
          }

          for (const user of USERS) {
            const configured = users.includes(user);
            expect(await statusOf(user.token)).toBe(configured ? 200 : 401);
            expect(await statusOf(transient.get(user.id) as string)).toBe(configured && !removed.has(user.id) ? 200 : 401);
          }
          expect(await statusOf(ADMIN_TOKEN)).toBe(200);
        }
      }),
      { numRuns: 40 },
    );
  });
});
