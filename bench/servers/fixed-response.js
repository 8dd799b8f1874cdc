/**
 * A minimal node:http server on 127.0.0.1 and an ephemeral port that
 * responds to every request with one fixed body, so that its cost is the same
 * for every client measured against it. Prints `Listening on URL` on
 * stderr and stops on SIGTERM.
 *
 * Usage: node bench/servers/fixed-response.js token|ceiling
 *   token    the JSON of a minted transient token, as PMS sends it
 *   ceiling  a 60-byte body, the ceiling for the server throughput figures
 */
import { Buffer } from "node:buffer";
import { createServer } from "node:http";

const BODIES = {
  token: '{"MediaContainer":{"size":0,"token":"transient-90904684-f91a-4391-8bf7-e0dfa7240285"}}',
  ceiling: '{"MediaContainer":{"size":0,"token":"fixed-60-bytes-body"}}\n',
};

const kind = process.argv[2] ?? "token";
const body = Buffer.from(BODIES[kind] ?? "");
if (body.length === 0) {
  process.stderr.write(`Unknown body ${JSON.stringify(kind)}: expected token or ceiling.\n`);
  process.exit(2);
}

const server = createServer((request, response) => {
  // Drain any request body so that the connection can be reused.
  request.resume();
  response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  response.end(body);
});

server.listen(0, "127.0.0.1", () => {
  process.stderr.write(`Listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
