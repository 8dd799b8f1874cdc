import { CONTENT_TYPES, encodeErrors } from "@plex-security/client/protocol";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

import { ErrorCode, HttpError, MethodNotAllowedError, NotFoundError } from "./http-errors.js";
import { loggablePath, type SecretTest } from "./logger.js";

/** Methods each known path accepts; other methods get 405 with `Allow`. */
const ALLOWED_METHODS: Readonly<Record<string, readonly string[]>> = {
  "/security/resources": ["GET", "HEAD"],
  "/security/tokens": ["GET", "HEAD", "DELETE"],
  "/identity": ["GET", "HEAD"],
  "/": ["GET", "HEAD"],
};

/** Returns the methods a path accepts, or undefined for an unknown path. */
export function allowedMethods(path: string): readonly string[] | undefined {
  if (/^\/security\/tokens\/[^/]+$/.test(path)) return ["DELETE"];

  return ALLOWED_METHODS[path];
}

/**
 * Reports whether a request's path is a fixed endpoint path, so its log line
 * may show it whole. A path with a parameter (`/security/tokens/:id`) is not.
 */
export function isKnownRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (!request.is404 && route !== undefined && !route.includes(":")) return true;

  return ALLOWED_METHODS[request.url.split("?", 1)[0] ?? ""] !== undefined;
}

/** The app's error handler and not-found handler. */
export interface ErrorResponses {
  /** Renders any error as an error body in the caller's format; a 500 hides its cause from the caller. */
  send(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** Sends 405 with `Allow` for a known path, else 404. */
  sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** Creates the error responses; `isSecret` recognises configured tokens so no message repeats one. */
export function createErrorResponses(isSecret: SecretTest): ErrorResponses {
  const send: ErrorResponses["send"] = (error, request, reply) => {
    let status: number;
    let code: number;
    let message: string;

    if (error instanceof HttpError) {
      ({ statusCode: status, errorCode: code, message } = error);
      reply.headers(error.headers);
    } else if (error.code === "FST_ERR_BAD_URL") {
      // Fastify's message quotes the whole URL, which may carry a token.
      status = 400;
      code = ErrorCode.BadRequest;
      message = "Invalid URL: the path has a malformed percent-encoding. Encode '%' as %25.";
    } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = ErrorCode.BadRequest;
      message = `The request was rejected: ${error.message}`;
    } else {
      request.log.error({ err: error, path: loggablePath(request.url, isSecret, isKnownRoute(request)) }, "request failed");
      status = 500;
      code = ErrorCode.Internal;
      message = "Internal server error. The server log has the details.";
    }

    return reply
      .code(status)
      .header("cache-control", "no-store")
      .type(CONTENT_TYPES[request.format])
      .send(encodeErrors([{ code, message, status }], request.format));
  };

  const sendNotFound: ErrorResponses["sendNotFound"] = (request, reply) => {
    const path = request.url.split("?", 1)[0] ?? "";
    const allowed = allowedMethods(path);
    const error = allowed
      ? new MethodNotAllowedError(request.method, allowed)
      : new NotFoundError(`No endpoint at ${loggablePath(path, isSecret, false)}: see /security/token and /security/resources.`);

    return send(error, request, reply);
  };

  return { send, sendNotFound };
}
