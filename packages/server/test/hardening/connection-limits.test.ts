import { connect, type Socket } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { rawRequest } from "../helpers/raw-request.js";
import { ADMIN_TOKEN, logLines, startTestServer, testConfig, type TestServer } from "../helpers/test-server.js";

/** Limit on every wait in this file, far above the timeouts it configures. */
const WAIT_LIMIT_MS = 8000;
const TRICKLE_INTERVAL_MS = 100;

/** A socket that trickles a request to the server, and what it received. */
interface SlowClient {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

const timers: ReturnType<typeof setInterval>[] = [];
const sockets: Socket[] = [];

function port(server: TestServer): number {
  return Number(new URL(server.url).port);
}

/** Opens a socket that writes `head` at once, then `trickle` one byte at a time. */
function openSlowClient(server: TestServer, head: string, trickle: string): SlowClient {
  const socket = connect(port(server), "127.0.0.1");
  sockets.push(socket);
  let received = "";
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => (received += chunk));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));

  socket.write(head);
  let next = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || next >= trickle.length) return clearInterval(timer);
    socket.write(trickle.charAt(next++));
  }, TRICKLE_INTERVAL_MS);
  timers.push(timer);

  return { socket, received: () => received, closed };
}

/** Resolves when `promise` does, or rejects after `WAIT_LIMIT_MS`. */
async function within<T>(promise: Promise<T>, description: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} did not happen within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls the server's count of open sockets until it equals `expected`. */
async function waitForConnections(server: TestServer, expected: number): Promise<void> {
  const count = (): Promise<number> =>
    new Promise((resolve, reject) => server.app.server.getConnections((error, value) => (error ? reject(error) : resolve(value))));
  const poll = async (): Promise<void> => {
    while ((await count()) !== expected) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  await within(poll(), `${expected} open connections`);
}

function mint(server: TestServer): Promise<{ status: number }> {
  return rawRequest(server.url, "GET", "/security/token?type=delegation&scope=all", { "X-Plex-Token": ADMIN_TOKEN });
}

describe("connection limits", () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close();
    server = undefined;
  });

  it("serve others while cutting off slow clients", async () => {
    const config = testConfig({ server: { ...testConfig().server, headersTimeoutMs: 1000, requestTimeoutMs: 2000 } });
    server = await startTestServer({ config });
    const header = "GET /identity HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    const upload = "POST /security/token?type=delegation&scope=all HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      `X-Plex-Token: ${ADMIN_TOKEN}\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n`;
    const slowHeaders = Array.from({ length: 40 }, () => openSlowClient(server as TestServer, header.slice(0, 10), header.slice(10) + "x".repeat(200)));
    const slowBodies = Array.from({ length: 10 }, () => openSlowClient(server as TestServer, upload, "y".repeat(200)));

    const normal = await Promise.all(Array.from({ length: 20 }, () => mint(server as TestServer)));
    await within(Promise.all([...slowHeaders, ...slowBodies].map((client) => client.closed)), "closing every slow client");

    expect(normal.map((response) => response.status)).toEqual(Array(20).fill(200));
    for (const client of [...slowHeaders, ...slowBodies]) {
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(client.received()).toContain('"status":408');
      expect(client.socket.destroyed).toBe(true);
    }
    expect((await mint(server)).status).toBe(200);

    await server.close();
    const rejected = logLines(server).filter((line) => line.event === "http.client_errors");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ total: 50, byStatus: { "408": 50 }, top: [{ address: "127.0.0.1", requests: 50 }] });
    server = undefined;
  });

  it("drop a socket beyond maxConnections", async () => {
    server = await startTestServer({ config: testConfig({ server: { ...testConfig().server, maxConnections: 5 } }) });
    const idle = Array.from({ length: 5 }, () => openSlowClient(server as TestServer, "GET / HTTP/1.1\r\n", ""));
    await waitForConnections(server, 5);

    const extra = openSlowClient(server, "GET /identity HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "");
    await within(extra.closed, "closing the socket beyond the cap");
    expect(extra.received()).toBe("");

    for (const client of idle) client.socket.destroy();
    await waitForConnections(server, 0);
    expect((await mint(server)).status).toBe(200);

    await server.close();
    const dropped = logLines(server).filter((line) => line.event === "http.connections_dropped");
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ total: 1, maxConnections: 5, top: [{ address: "127.0.0.1", connections: 1 }] });
    server = undefined;
  });

  it("close an idle keep-alive connection", async () => {
    server = await startTestServer({ config: testConfig({ server: { ...testConfig().server, keepAliveTimeoutMs: 200 } }) });
    const client = openSlowClient(server, "GET /identity HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n", "");

    await within(client.closed, "closing the idle connection");

    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.received()).toContain("Keep-Alive: timeout=");
  });
});
