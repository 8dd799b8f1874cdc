/**
 * Errors that map to an HTTP status. The app's error handler renders them as
 * `{"errors":[{"code","message","status"}]}` or its XML form.
 */

/** Numeric codes of the `errors[].code` field; 1001 is the code PMS documents for a 401. */
export const ErrorCode = {
  BadRequest: 1000,
  Unauthorized: 1001,
  Forbidden: 1002,
  NotFound: 1003,
  MethodNotAllowed: 1004,
  TooManyRequests: 1005,
  BadGateway: 1006,
  Conflict: 1007,
  Internal: 1099,
} as const;

export class HttpError extends Error {
  override name = "HttpError";
  readonly statusCode: number;
  readonly errorCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(statusCode: number, errorCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.headers = headers;
  }
}

export class BadRequestError extends HttpError {
  override name = "BadRequestError";

  constructor(message: string) {
    super(400, ErrorCode.BadRequest, message);
  }
}

/** The one body for every failed authentication: unknown, expired and revoked tokens look alike. */
export class UnauthorizedError extends HttpError {
  override name = "UnauthorizedError";

  constructor() {
    super(401, ErrorCode.Unauthorized, "User could not be authenticated. Send a valid token in the X-Plex-Token header.");
  }
}

export class ForbiddenError extends HttpError {
  override name = "ForbiddenError";

  constructor(message: string) {
    super(403, ErrorCode.Forbidden, message);
  }
}

export class NotFoundError extends HttpError {
  override name = "NotFoundError";

  constructor(message: string) {
    super(404, ErrorCode.NotFound, message);
  }
}

export class MethodNotAllowedError extends HttpError {
  override name = "MethodNotAllowedError";

  constructor(method: string, allowed: readonly string[]) {
    const allow = allowed.join(", ");
    super(405, ErrorCode.MethodNotAllowed, `Method ${method} is not allowed here: use ${allow}.`, { allow });
  }
}

export class ConflictError extends HttpError {
  override name = "ConflictError";

  constructor(message: string) {
    super(409, ErrorCode.Conflict, message);
  }
}

export class TooManyRequestsError extends HttpError {
  override name = "TooManyRequestsError";

  constructor(message: string, headers: Record<string, string> = {}) {
    super(429, ErrorCode.TooManyRequests, message, headers);
  }
}

export class BadGatewayError extends HttpError {
  override name = "BadGatewayError";

  constructor(message: string) {
    super(502, ErrorCode.BadGateway, message);
  }
}
