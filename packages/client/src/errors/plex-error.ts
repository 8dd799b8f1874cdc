import { redact } from "../redact.js";

/** Context that an error carries besides its message. Every text in it is redacted. */
export interface PlexErrorContext {
  /** The HTTP status code of the response, where there was one. */
  status?: number;
  /** The HTTP method of the request. */
  method?: string;
  /** The request URL. */
  url?: string;
  /** The start of the response body. */
  bodyExcerpt?: string;
  /** The message of the first entry of an `errors` body in JSON or XML. */
  serverMessage?: string;
  /** The error that caused this one. */
  cause?: unknown;
  /** Values to redact besides the patterns of {@link redact}, such as the account token. */
  secrets?: readonly string[];
}

/** The maximum length of {@link PlexError.bodyExcerpt}, in characters. */
export const MAX_BODY_EXCERPT_LENGTH = 200;

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

type InspectFunction = (value: unknown, options?: unknown) => string;

/**
 * The base class of every error the client raises for a failed request.
 * Branch on `code` or `instanceof`, never on the message. Messages and
 * properties are redacted: they contain no token.
 */
export class PlexError extends Error {
  static {
    this.prototype.name = "PlexError";
  }

  /** A stable identifier of the failure, such as `ERR_PLEX_UNAUTHORIZED`. */
  readonly code: string;
  /** The HTTP status code, when a response arrived. */
  readonly status: number | undefined;
  /** The HTTP method of the request, such as `GET`. */
  readonly method: string | undefined;
  /** The request URL, redacted. */
  readonly url: string | undefined;
  /** At most 200 characters from the start of the response body, redacted. */
  readonly bodyExcerpt: string | undefined;
  /** The server's own error message from an `errors` body, redacted. */
  readonly serverMessage: string | undefined;

  readonly #secrets: readonly string[];

  constructor(code: string, message: string, context: PlexErrorContext = {}) {
    const secrets = context.secrets ?? [];
    const cause = redactCause(context.cause, secrets);
    super(redact(message, secrets), cause === undefined ? undefined : { cause });

    this.#secrets = secrets;
    this.code = code;
    this.status = context.status;
    this.method = context.method;
    this.url = this.#redactOptional(context.url);
    this.bodyExcerpt = excerpt(this.#redactOptional(context.bodyExcerpt));
    this.serverMessage = this.#redactOptional(context.serverMessage);

    // V8 builds the stack from the message before this line; redacting it
    // again also covers a secret that shows up in a source path.
    if (typeof this.stack === "string") this.stack = redact(this.stack, secrets);
  }

  /** Returns the error's fields for `JSON.stringify`, all of them redacted. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...this.details(),
      cause: this.#describeCause(),
      stack: this.stack,
    };
  }

  /** Lists the context properties for `toJSON` and `util.inspect`. A subclass adds its own. */
  protected details(): Record<string, unknown> {
    return dropUndefined({
      status: this.status,
      method: this.method,
      url: this.url,
      bodyExcerpt: this.bodyExcerpt,
      serverMessage: this.serverMessage,
    });
  }

  /** Renders the error for Node's `util.inspect` and `console.log` with redacted fields only. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    const fields = dropUndefined({ code: this.code, ...this.details(), cause: this.#describeCause() });
    const rendered = inspect ? inspect(fields, options) : JSON.stringify(fields, null, 2);

    return `${this.stack ?? `${this.name}: ${this.message}`} ${rendered}`;
  }

  #describeCause(): { name: string; message: string; code?: string } | undefined {
    const cause: unknown = this.cause;
    if (cause === undefined) return undefined;

    if (cause instanceof Error) {
      const code = findSystemErrorCode(cause);
      const description = { name: cause.name, message: redact(cause.message, this.#secrets) };

      return code === undefined ? description : { ...description, code };
    }

    return { name: typeof cause, message: redact(String(cause), this.#secrets) };
  }

  #redactOptional(text: string | undefined): string | undefined {
    return text === undefined ? undefined : redact(text, this.#secrets);
  }
}

/**
 * Returns the cause unchanged unless its message contains a credential. Then it
 * returns a copy with the same name and a redacted message and stack, so that
 * `error.cause` is as safe to log as the error itself.
 */
function redactCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) return cause;

  const message = redact(cause.message, secrets);
  const stack = cause.stack === undefined ? undefined : redact(cause.stack, secrets);
  if (message === cause.message && stack === cause.stack) return cause;

  const copy = new Error(message);
  copy.name = cause.name;
  copy.stack = stack;

  return copy;
}

/**
 * Finds a system error code such as `ECONNREFUSED` on an error or its causes.
 * Node's fetch rejects with a `TypeError("fetch failed")` whose cause has it.
 */
function findSystemErrorCode(error: Error): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code: unknown = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z0-9_]+$/.test(code)) return code;

    current = current.cause;
  }

  return undefined;
}

/** Cuts a redacted text to {@link MAX_BODY_EXCERPT_LENGTH} characters. */
function excerpt(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;

  return text.length > MAX_BODY_EXCERPT_LENGTH ? text.slice(0, MAX_BODY_EXCERPT_LENGTH) : text;
}

function dropUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
