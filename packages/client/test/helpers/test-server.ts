/**
 * Real HTTP servers on 127.0.0.1 with an ephemeral port, for tests. Each
 * server records the requests it receives and destroys its open sockets on
 * close, so that a test with a hanging handler still ends.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** The request target: path and query string exactly as sent. */
  target: string;
  headers: IncomingMessage["headers"];
}

export type TestHandler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

export interface TestServer {
  /** The base URL, such as `http://127.0.0.1:40123`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const openServers = new Set<TestServer>();

/** Starts a server on 127.0.0.1:0 that passes each request to `handler`. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const index = requests.length;
    requests.push({ method: request.method ?? "", target: request.url ?? "", headers: request.headers });
    // A client that stops reading (body limit, timeout) resets the socket.
    response.on("error", () => undefined);
    handler(request, response, index);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      openServers.delete(testServer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  openServers.add(testServer);

  return testServer;
}

/** Closes every server still open; call it in `afterEach`. */
export async function closeTestServers(): Promise<void> {
  await Promise.all([...openServers].map((server) => server.close()));
}

/** A handler that sends one fixed response to every request. */
export function reply(status: number, body: string, headers: Record<string, string> = {}): TestHandler {
  return (_request, response) => {
    response.writeHead(status, { "Content-Length": Buffer.byteLength(body), ...headers });
    response.end(body);
  };
}

/** A handler that sends each response of the list in turn, and the last one again after that. */
export function replySequence(...handlers: TestHandler[]): TestHandler {
  return (request, response, index) => {
    const handler = handlers[Math.min(index, handlers.length - 1)]!;
    handler(request, response, index);
  };
}

/** Returns the URL of a port that nothing listens on: it binds one, then closes it. */
export async function closedPortURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return `http://127.0.0.1:${port}`;
}

export const JSON_TYPE = { "Content-Type": "application/json" };
export const XML_TYPE = { "Content-Type": "text/xml;charset=utf-8" };
export const HTML_TYPE = { "Content-Type": "text/html" };
