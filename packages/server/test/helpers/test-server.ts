import type { AddressInfo } from "node:net";

import type { FastifyInstance } from "fastify";

import { buildApp, createLogger, parseConfig, type Clock, type Config, type TokenStore } from "../../src/server/index.js";

export const ADMIN_TOKEN = "admin-token-0123456789abcdef";
export const ALICE_TOKEN = "alice-token-0123456789abcdef";
export const MACHINE_ID = "4f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6";

/** Builds a configuration with the admin and one shared user, `alice`, plus overrides. */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return parseConfig({
    server: { host: "127.0.0.1", port: 0, friendlyName: "Test server", machineIdentifier: MACHINE_ID },
    adminToken: ADMIN_TOKEN,
    sharedUsers: [{ id: "alice", token: ALICE_TOKEN }],
    ...overrides,
  });
}

/** A clock that moves only when a test moves it. */
export class FakeClock implements Clock {
  constructor(public current = Date.parse("2026-01-01T00:00:00Z")) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  /** Every log line the server wrote, as text. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the app on 127.0.0.1 on an ephemeral port, with its logs captured. */
export async function startTestServer(
  options: { config?: Config; clock?: Clock; store?: TokenStore } = {},
): Promise<TestServer> {
  const logs: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void logs.push(line) });
  const app = await buildApp({ config: options.config ?? testConfig(), clock: options.clock, store: options.store, logger });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;

  return { url: `http://127.0.0.1:${port}`, app, logs, close: () => app.close() };
}

export interface CallOptions {
  method?: string;
  token?: string;
  json?: boolean;
  headers?: Record<string, string>;
}

/** Sends one request with fetch and returns the status, headers and text body. */
export async function call(
  baseUrl: string,
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers["X-Plex-Token"] = options.token;
  if (options.json) headers.Accept = "application/json";

  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? "GET", headers });

  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Mints a transient token with `token` through `/security/token` and returns it. */
export async function mintToken(server: TestServer, token: string): Promise<string> {
  const response = await call(server.url, "/security/token?type=delegation&scope=all", { token, json: true });
  if (response.status !== 200) throw new Error(`minting failed with ${response.status}: ${response.body}`);

  return JSON.parse(response.body).MediaContainer.token as string;
}

/** Parses the JSON log lines a test server wrote. */
export function logLines(server: TestServer): Record<string, unknown>[] {
  return server.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}
