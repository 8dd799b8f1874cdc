/**
 * The server's configuration: one JSON file validated with zod. Every error
 * names its key path and what is expected, never a configured value.
 */
import { readFile } from "node:fs/promises";

import { isSource, TRANSIENT_TOKEN_PREFIX } from "@plex-security/client/protocol";
import { z } from "zod";

import { checkTimeoutOrder, checkUniqueness } from "./config-checks.js";
import { authFailureLimit, connectionLimitKeys } from "./config-limits.js";

/** Shortest accepted static token: shorter ones are easy to guess. */
export const MIN_STATIC_TOKEN_LENGTH = 16;

/** PMS keeps transient tokens for at most 48 hours. */
export const MAX_TRANSIENT_TOKEN_TTL_SECONDS = 48 * 60 * 60;

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9._~-]+$/, "expected letters, digits, '.', '_', '~' or '-'")
  .max(256);

const staticToken = z
  .string()
  .min(MIN_STATIC_TOKEN_LENGTH, `expected at least ${MIN_STATIC_TOKEN_LENGTH} characters`)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, "expected printable ASCII characters without spaces")
  .refine((token) => !token.startsWith(TRANSIENT_TOKEN_PREFIX), {
    message: `must not start with "${TRANSIENT_TOKEN_PREFIX}", which is reserved for transient tokens`,
  });

const connection = z.strictObject({
  uri: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
  protocol: z.enum(["http", "https"]).optional(),
  address: z.string().min(1).optional(),
  port: z.int().min(1).max(65535).optional(),
  local: z.boolean().default(false),
  relay: z.boolean().default(false),
});

const source = z.strictObject({
  source: z.string().refine(isSource, 'expected "server://ID" or "provider://ID"'),
  name: z.string().min(1),
  token: z.string().min(1).max(1024),
  connections: z.array(connection).min(1, "expected at least one connection"),
  /** How long the source keeps the transient tokens it mints; the cache renews them before that. */
  tokenTtlSeconds: z.int().min(60).max(MAX_TRANSIENT_TOKEN_TTL_SECONDS).default(MAX_TRANSIENT_TOKEN_TTL_SECONDS),
  /** How often a cached token is checked on the source before it is handed out again. */
  checkIntervalSeconds: z.int().min(0).max(86_400).default(60),
  /** Limit for each request to the source, in milliseconds. */
  timeoutMs: z.int().min(100).max(120_000).default(5000),
});

const server = z
  .strictObject({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.int().min(0).max(65535).default(32400),
    friendlyName: z.string().min(1).max(256).default("plex-security"),
    machineIdentifier: identifier,
    version: z.string().min(1).max(64).default("1.41.0.0000-plexsecurity"),
    connections: z.array(connection).optional(),
    ...connectionLimitKeys,
  })
  .superRefine(checkTimeoutOrder);

const sharedUser = z.strictObject({
  id: identifier,
  token: staticToken,
});

const configObject = z.strictObject({
  server,
  adminToken: staticToken,
  sharedUsers: z.array(sharedUser).default([]),
  transientTokenTtlSeconds: z.int().min(1).max(MAX_TRANSIENT_TOKEN_TTL_SECONDS).default(MAX_TRANSIENT_TOKEN_TTL_SECONDS),
  maxTransientTokensPerPrincipal: z.int().min(1).max(1_000_000).default(1000),
  sources: z.array(source).default([]),
  authFailureLimit,
});

/** A validated configuration, with defaults filled in. */
export type Config = z.output<typeof configObject>;

export const configSchema = configObject.superRefine(checkUniqueness);
export type ConnectionConfig = z.output<typeof connection>;
export type SourceConfig = z.output<typeof source>;

/** One problem in a configuration file. */
export interface ConfigIssue {
  /** The key path, such as `sharedUsers[1].token`; empty for the whole file. */
  path: string;
  message: string;
}

/** A configuration that cannot be used; `issues` lists every problem found. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly code = "ERR_PLEX_CONFIG";
  readonly file: string | undefined;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], file?: string) {
    const where = file === undefined ? "Invalid configuration" : `Invalid configuration in ${file}`;
    const lines = issues.map(({ path, message }) => `  ${path || "(file)"}: ${message}`);
    const advice = issues.every(({ path }) => path === "") ? "Fix the file and start again." : "Fix these keys and start again.";
    super(`${where}:\n${lines.join("\n")}\n${advice}`);
    this.file = file;
    this.issues = issues;
  }
}

/**
 * Turns a zod issue into configuration issues in plain words: an unknown key
 * is named by its own path, and a missing value is reported as missing.
 */
function describeIssue(issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: "unknown key: check its spelling, or remove it",
    }));
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return [{ path: formatPath(issue.path), message: `missing: expected ${issue.expected}` }];
  }

  return [{ path: formatPath(issue.path), message: issue.message }];
}

/** Validates a parsed configuration object. */
export function parseConfig(input: unknown, file?: string): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap(describeIssue), file);
  }

  return result.data;
}

/** Reads and validates a configuration file. */
export async function loadConfigFile(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : "the file cannot be read";
    throw new ConfigError([{ path: "", message: `${reason} (${(error as NodeJS.ErrnoException).code ?? "error"})` }], file);
  }

  return parseConfig(parseJsonText(text, file), file);
}

/** Parses JSON without echoing the text: engine messages may quote a token. */
function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? "" : ` at ${lineAndColumn(text, Number(position))}`;
    throw new ConfigError([{ path: "", message: `not valid JSON${where}` }], file);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");

  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Formats a zod path as `sources[0].connections[1].uri`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") {
      text += `[${key}]`;
    } else {
      text += text === "" ? String(key) : `.${String(key)}`;
    }
  }

  return text;
}
