import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

import { encodeErrors, CONTENT_TYPES } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import { ErrorCode } from "./http-errors.js";

/** An error of Node's HTTP parser; `rawPacket` holds the bytes it had read. */
interface ParserError {
  code?: string;
  rawPacket?: unknown;
}

/**
 * Answers a request that Node's HTTP parser rejected before the app saw it:
 * 431 when the request line and headers pass `maxHeaderSize`, 408 on the
 * request timeout, 400 for anything malformed. The body is the usual JSON
 * error body, because the `Accept` header was never parsed.
 */
export function answerClientError(logger: Logger, error: ParserError, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;

  let status = 400;
  let message = "The request is malformed HTTP and was rejected.";
  if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    message = "The request line and headers are too large: send a shorter URL and fewer or smaller headers.";
  } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    message = "The request took too long to arrive and was dropped.";
  }
  logger.info({ event: "http.client_error", status, reason: error.code }, "rejected a request before parsing it");

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
