/**
 * Source identifiers of `/security/resources`: `server://<clientIdentifier>`
 * for a shared Plex Media Server, `provider://<providerIdentifier>` for a
 * cloud media provider.
 */

export type SourceKind = "server" | "provider";

export interface ParsedSource {
  kind: SourceKind;
  id: string;
}

/** Maximum length of the identifier part of a source. */
export const MAX_SOURCE_ID_LENGTH = 256;

const SOURCE_PATTERN = /^(server|provider):\/\/(.+)$/;

/** Characters allowed in an identifier: the unreserved URI characters. */
const SOURCE_ID_PATTERN = /^[A-Za-z0-9._~-]+$/;

/** A `source` value that does not have the form `server://ID` or `provider://ID`. */
export class InvalidSourceError extends TypeError {
  override name = "InvalidSourceError";
}

/**
 * Parses a source identifier.
 *
 * @throws {InvalidSourceError} when the value is not `server://ID` or
 *   `provider://ID` with an ID of unreserved URI characters.
 */
export function parseSource(value: unknown): ParsedSource {
  if (typeof value !== "string") {
    throw new InvalidSourceError(
      `Invalid source: expected a string such as "server://<clientIdentifier>", got ${describeType(value)}.`,
    );
  }

  const match = SOURCE_PATTERN.exec(value);
  if (!match) {
    throw new InvalidSourceError(
      `Invalid source ${quote(value)}: expected "server://<clientIdentifier>" or "provider://<providerIdentifier>".`,
    );
  }

  const kind = match[1] as SourceKind;
  const id = match[2] as string;
  validateSourceId(id, kind);

  return { kind, id };
}

/** Reports whether a value is a well-formed source identifier. */
export function isSource(value: unknown): value is string {
  try {
    parseSource(value);
    return true;
  } catch {
    return false;
  }
}

/** Formats a source identifier from its kind and ID, validating the ID. */
export function formatSource(kind: SourceKind, id: string): string {
  validateSourceId(id, kind);

  return `${kind}://${id}`;
}

/** Builds `server://<id>` for a shared Plex Media Server's client identifier. */
export function serverSource(id: string): string {
  return formatSource("server", id);
}

/** Builds `provider://<id>` for a cloud media provider's identifier. */
export function providerSource(id: string): string {
  return formatSource("provider", id);
}

function validateSourceId(id: unknown, kind: SourceKind): void {
  if (typeof id !== "string" || id.length === 0) {
    throw new InvalidSourceError(
      `Invalid ${kind} source: the identifier after "${kind}://" is missing.`,
    );
  }
  if (id.length > MAX_SOURCE_ID_LENGTH) {
    throw new InvalidSourceError(
      `Invalid ${kind} source: the identifier has ${id.length} characters, at most ${MAX_SOURCE_ID_LENGTH} are allowed.`,
    );
  }
  if (!SOURCE_ID_PATTERN.test(id)) {
    throw new InvalidSourceError(
      `Invalid ${kind} source ${quote(`${kind}://${id}`)}: the identifier may contain only letters, digits, ".", "_", "~" and "-".`,
    );
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";

  return typeof value;
}

/** Quotes a value for a message, cut to 80 characters so a huge input stays readable. */
function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;

  return JSON.stringify(shown);
}
