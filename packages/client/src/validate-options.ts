/**
 * Validation of the client's and each call's options. Misuse raises a
 * `TypeError` (wrong type, unknown option) or a `RangeError` (value out of
 * range) that names the option, before any request is sent.
 */
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  MAX_RETRIES,
  MAX_TIMER_MS,
  type AccessTokenProvider,
  type CallOptions,
  type PlexAPIOptions,
  type SleepFunction,
} from "./options.js";
import { buildIdentificationHeaders, IDENTIFICATION_OPTIONS } from "./identification-headers.js";
import { validateServerURL } from "./validate-server-url.js";
import { sleep as defaultSleep } from "./retry.js";

/** The client's options after validation, with defaults filled in. */
export interface ClientConfig {
  baseURL: URL;
  accessToken: string | AccessTokenProvider | undefined;
  identificationHeaders: Record<string, string>;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  maxResponseBytes: number;
  fetch: typeof globalThis.fetch;
  sleep: SleepFunction;
  random: () => number;
  now: () => number;
}

/** A call's options after validation, merged with the client's. */
export interface ResolvedCallOptions {
  signal: AbortSignal | undefined;
  timeoutMs: number;
  retries: number;
}

const CLIENT_OPTIONS = new Set([
  "serverURL", "accessToken", "timeoutMs", "retries", "retryBaseDelayMs", "maxRetryDelayMs",
  "maxResponseBytes", "fetch", "sleep", "random", "now", ...IDENTIFICATION_OPTIONS,
]);
const CALL_OPTIONS = new Set(["signal", "timeoutMs", "retries"]);

/** Validates the options of `new PlexAPI(options)` and fills in the defaults. */
export function resolveClientConfig(options: PlexAPIOptions): ClientConfig {
  checkOptionsObject(options, "PlexAPI options", CLIENT_OPTIONS);

  const fetchFunction = options.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== "function") {
    throw new TypeError("Invalid fetch option: expected a function; this runtime has no global fetch, so pass one.");
  }

  return {
    baseURL: validateServerURL(options.serverURL),
    accessToken: validateAccessTokenOption(options.accessToken),
    identificationHeaders: buildIdentificationHeaders(options),
    timeoutMs: readInteger(options, "timeoutMs", DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS),
    retries: readInteger(options, "retries", DEFAULT_RETRIES, 0, MAX_RETRIES),
    retryBaseDelayMs: readInteger(options, "retryBaseDelayMs", DEFAULT_RETRY_BASE_DELAY_MS, 0, MAX_TIMER_MS),
    maxRetryDelayMs: readInteger(options, "maxRetryDelayMs", DEFAULT_MAX_RETRY_DELAY_MS, 0, MAX_TIMER_MS),
    maxResponseBytes: readInteger(options, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, 1, Number.MAX_SAFE_INTEGER),
    fetch: fetchFunction,
    sleep: readFunction(options, "sleep") ?? defaultSleep,
    random: readFunction(options, "random") ?? Math.random,
    now: readFunction(options, "now") ?? Date.now,
  };
}

/** Validates a call's options and merges them with the client's. */
export function resolveCallOptions(options: CallOptions | undefined, config: ClientConfig): ResolvedCallOptions {
  if (options === undefined) {
    return { signal: undefined, timeoutMs: config.timeoutMs, retries: config.retries };
  }
  checkOptionsObject(options, "call options", CALL_OPTIONS);

  const { signal } = options;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError("Invalid signal option: expected an AbortSignal.");
  }

  return {
    signal,
    timeoutMs: readInteger(options, "timeoutMs", config.timeoutMs, 1, MAX_TIMER_MS),
    retries: readInteger(options, "retries", config.retries, 0, MAX_RETRIES),
  };
}

function checkOptionsObject(options: unknown, optionsName: string, known: ReadonlySet<string>): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Invalid ${optionsName}: expected an object.`);
  }

  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new TypeError(`Unknown option ${JSON.stringify(key)} in ${optionsName}: accepted options are ${[...known].join(", ")}.`);
    }
  }
}

function validateAccessTokenOption(value: unknown): string | AccessTokenProvider | undefined {
  if (value === undefined || typeof value === "function") return value as AccessTokenProvider | undefined;
  if (typeof value !== "string") {
    throw new TypeError(`Invalid accessToken option: expected a string or a function, got ${typeof value}.`);
  }

  validateToken(value, "accessToken option");

  return value;
}

/**
 * Checks that a token can travel in a header. The message never quotes the
 * token, because it is a secret.
 */
export function validateToken(token: string, source: string): void {
  if (token === "") {
    throw new RangeError(`Invalid ${source}: the token is empty. Set it, or leave it undefined to send no token.`);
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new RangeError(
      `Invalid ${source}: the token contains spaces, control or non-ASCII characters, which an HTTP header cannot carry.`,
    );
  }
}

function readInteger(options: object, name: string, fallback: number, min: number, max: number): number {
  return validateOptionalInteger((options as Record<string, unknown>)[name], name, min, max) ?? fallback;
}

/**
 * Checks an optional integer option.
 *
 * @throws {TypeError} when the value is defined but not a number.
 * @throws {RangeError} when it is not an integer from `min` to `max`.
 */
export function validateOptionalInteger(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") {
    throw new TypeError(`Invalid ${name} option: expected a number, got ${typeof value}.`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Invalid ${name} option ${String(value)}: expected an integer from ${min} to ${max}.`);
  }

  return value;
}

function readFunction<T>(options: object, name: string): T | undefined {
  const value: unknown = (options as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== "function") {
    throw new TypeError(`Invalid ${name} option: expected a function, got ${typeof value}.`);
  }

  return value as T;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === "object" && value !== null && typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function";
}
