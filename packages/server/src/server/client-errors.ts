import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

import { encodeErrors, CONTENT_TYPES } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import type { Clock } from "./clock.js";
import { ErrorCode } from "./http-errors.js";
import { IntervalTally } from "./interval-tally.js";

/** Interval of the `http.client_errors` log line. */
export const CLIENT_ERRORS_LOG_INTERVAL_MS = 60_000;

/** An error of Node's HTTP parser; `rawPacket` contains the bytes it had read. */
interface ParserError {
  code?: string;
  rawPacket?: unknown;
}

/**
 * Sends the response for a request that Node's HTTP parser rejected before the app saw it:
 * 431 when the request line and headers pass `maxHeaderSize`, 408 on the
 * request timeout, 400 for anything malformed. The body is the usual JSON
 * error body, because the `Accept` header was never parsed. `tally` counts
 * the rejection by client address and status for the log.
 */
export function answerClientError(tally: IntervalTally, error: ParserError, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;

  let status = 400;
  let message = "The request is malformed HTTP and was rejected.";
  if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    message = "The request line and headers are too large: send a shorter URL and fewer or smaller headers.";
  } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    message = "The request did not arrive in full before the server's headers or request timeout: send it without pauses.";
  }
  tally.add(socket.remoteAddress ?? "unknown", String(status));

  if (socket.writable) {
    // A response to HEAD carries no body; the method is the start of the raw request.
    const raw = error.rawPacket;
    const isHead = Buffer.isBuffer(raw) && raw.subarray(0, 5).toString("latin1") === "HEAD ";
    const body = isHead ? "" : encodeErrors([{ code: ErrorCode.BadRequest, message, status }], "json");
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${CONTENT_TYPES.json}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Creates the tally of requests that Node's HTTP parser rejected, which
 * writes one `http.client_errors` line a minute with the counts by status
 * and the addresses with the most, so slow or malformed clients cannot
 * flood the log.
 */
export function createClientErrorTally(logger: Logger, clock: Clock): IntervalTally {
  return new IntervalTally({
    clock,
    intervalMs: CLIENT_ERRORS_LOG_INTERVAL_MS,
    maxKeys: 10_000,
    report: (report) => {
      logger.info(
        {
          event: "http.client_errors",
          intervalSeconds: report.intervalSeconds,
          total: report.total,
          byStatus: report.kinds,
          addresses: report.keys,
          top: report.top.map(({ key, count }) => ({ address: key, requests: count })),
        },
        "requests rejected before parsing in the last interval",
      );
    },
  });
}
