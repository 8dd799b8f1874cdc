/**
 * Decoders for PMS responses in either format. Real servers are inconsistent,
 * so the decoders accept booleans as `true`/`false`/`1`/`0`/`"1"`/`"0"`,
 * numbers as strings, one child as an object or a one-element array, and
 * ignore attributes they do not know.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

import type {
  BodyFormat,
  Connection,
  Device,
  ErrorEntry,
  ServerIdentity,
  SourceConnectionInformation,
  TransientTokenContainer,
} from "./model.js";

/** A body that is not a valid response, and `field` names the missing or invalid part. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

type Node = Record<string, unknown>;

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  // Also decodes numeric character references such as `&#38;`.
  htmlEntities: true,
});

/**
 * Chooses the parser from the `Content-Type` header. A missing header falls
 * back to the first non-blank character of the body.
 *
 * @throws {ProtocolError} for any other media type, such as an HTML page.
 */
export function detectFormat(contentType: string | null | undefined, body: string): BodyFormat {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/json" || mediaType.endsWith("+json")) return "json";
  if (mediaType === "text/xml" || mediaType === "application/xml" || mediaType.endsWith("+xml")) return "xml";

  if (mediaType === "") {
    const first = body.trimStart()[0];
    if (first === "{" || first === "[") return "json";
    if (first === "<") return "xml";
  }

  throw new ProtocolError(
    `Unexpected response content type ${JSON.stringify(mediaType || "(none)")}: expected application/json or text/xml.`,
  );
}

/**
 * Parses a body into the JSON shape: `{ MediaContainer: { …attributes, Child: … } }`.
 * XML attributes become string properties and child elements become properties
 * named after the element.
 *
 * @throws {ProtocolError} when the body is not well-formed JSON or XML.
 */
export function parseBody(body: string, format: BodyFormat): Node {
  // A byte order mark is legal before XML but not before JSON; drop it for both.
  const text = body.startsWith("\uFEFF") ? body.slice(1) : body;
  const parsed = format === "json" ? parseJson(text) : parseXml(text);
  if (!isNode(parsed)) {
    throw new ProtocolError("Invalid response: the body is not an object.");
  }

  return parsed;
}

/** Decodes a `/security/token` response. */
export function decodeTransientToken(body: string, contentType?: string | null): TransientTokenContainer {
  const container = readMediaContainer(body, contentType);
  const token = readString(container, "token", "MediaContainer.token");
  if (token === undefined || token === "") {
    throw new ProtocolError("Invalid response: MediaContainer.token is missing.", "MediaContainer.token");
  }

  return { size: readNumber(container, "size", "MediaContainer.size") ?? 0, token };
}

/** Decodes a `/security/resources` response. */
export function decodeSourceConnectionInformation(
  body: string,
  contentType?: string | null,
): SourceConnectionInformation {
  const container = readMediaContainer(body, contentType);
  const devices = readChildren(container, "Device", "MediaContainer.Device");
  const first = devices[0];
  if (first === undefined) {
    throw new ProtocolError("Invalid response: MediaContainer.Device is missing.", "MediaContainer.Device");
  }
  const device = decodeDevice(first, "MediaContainer.Device");

  return { size: readNumber(container, "size", "MediaContainer.size") ?? devices.length, device };
}

/** Decodes a `GET /identity` response. */
export function decodeIdentity(body: string, contentType?: string | null): ServerIdentity {
  const container = readMediaContainer(body, contentType);
  const machineIdentifier = readString(container, "machineIdentifier", "MediaContainer.machineIdentifier");
  if (!machineIdentifier) {
    throw new ProtocolError(
      "Invalid response: MediaContainer.machineIdentifier is missing.",
      "MediaContainer.machineIdentifier",
    );
  }

  return {
    machineIdentifier,
    version: readString(container, "version", "MediaContainer.version") ?? "",
    claimed: readBoolean(container, "claimed", "MediaContainer.claimed"),
  };
}

/**
 * Reads the entries of an error body in either format, or returns an empty
 * list when the body has none. Never throws: error bodies are often HTML.
 */
export function decodeErrors(body: string, contentType?: string | null): ErrorEntry[] {
  try {
    const root = parseBody(body, detectFormat(contentType, body));
    const list = root.errors ?? (isNode(root.Errors) ? root.Errors.Error : undefined);

    return toList(list).filter(isNode).map((entry) => ({
      code: Number(entry.code),
      message: typeof entry.message === "string" ? entry.message : "",
      status: Number(entry.status),
    }));
  } catch {
    return [];
  }
}

function decodeDevice(node: Node, path: string): Device {
  const clientIdentifier = readString(node, "clientIdentifier", `${path}.clientIdentifier`);
  if (!clientIdentifier) {
    throw new ProtocolError(`Invalid response: ${path}.clientIdentifier is missing.`, `${path}.clientIdentifier`);
  }
  const accessToken = readString(node, "accessToken", `${path}.accessToken`);
  const connections = readChildren(node, "Connection", `${path}.Connection`).map((child, index) =>
    decodeConnection(child, `${path}.Connection[${index}]`),
  );

  return {
    name: readString(node, "name", `${path}.name`) ?? "",
    clientIdentifier,
    ...(accessToken ? { accessToken } : {}),
    connections,
  };
}

function decodeConnection(node: Node, path: string): Connection {
  const fields = {
    uri: readString(node, "uri", `${path}.uri`),
    protocol: readString(node, "protocol", `${path}.protocol`),
    address: readString(node, "address", `${path}.address`),
    port: readNumber(node, "port", `${path}.port`),
  };
  const uri = fields.uri || buildUri(fields.protocol, fields.address, fields.port);
  if (!uri) {
    throw new ProtocolError(
      `Invalid response: ${path}.uri is missing and protocol, address and port do not form one.`,
      `${path}.uri`,
    );
  }
  const parsed = parseUri(uri, `${path}.uri`);

  const protocol = (fields.protocol || parsed.protocol.slice(0, -1)).toLowerCase();
  if (protocol !== "http" && protocol !== "https") {
    throw new ProtocolError(
      `Invalid response: ${path}.protocol is ${show(protocol)}, expected "http" or "https".`,
      `${path}.protocol`,
    );
  }

  return {
    protocol,
    address: fields.address || parsed.hostname.replace(/^\[|\]$/g, ""),
    port: fields.port ?? defaultPort(parsed),
    uri,
    local: readBoolean(node, "local", `${path}.local`),
    relay: readBoolean(node, "relay", `${path}.relay`),
  };
}

function readMediaContainer(body: string, contentType: string | null | undefined): Node {
  const root = parseBody(body, detectFormat(contentType, body));
  const container = root.MediaContainer;
  if (container === "" || container === undefined || container === null) {
    if ("MediaContainer" in root) return {};
    throw new ProtocolError("Invalid response: MediaContainer is missing.", "MediaContainer");
  }
  if (!isNode(container)) {
    throw new ProtocolError("Invalid response: MediaContainer is not an object.", "MediaContainer");
  }

  return container;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // The engine's message quotes the body, which may hold a token.
    throw new ProtocolError("Invalid JSON response: the body is not well-formed JSON.");
  }
}

function parseXml(body: string): unknown {
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new ProtocolError(`Invalid XML response: ${msg.replace(/\.$/, "")} (line ${line}).`);
  }

  try {
    return xmlParser.parse(body);
  } catch {
    // The parser also enforces limits, such as on the expansion of DOCTYPE entities.
    throw new ProtocolError("Invalid XML response: the parser rejected the body.");
  }
}

/** Reads a child that may be absent, one object, or an array of objects. */
function readChildren(node: Node, key: string, path: string): Node[] {
  const list = toList(node[key]);

  return list.map((child, index) => {
    if (child === "") return {};
    if (!isNode(child)) {
      throw new ProtocolError(`Invalid response: ${path}[${index}] is not an object.`, path);
    }

    return child;
  });
}

function readString(node: Node, key: string, path: string): string | undefined {
  const value = node[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);

  throw new ProtocolError(`Invalid response: ${path} is a ${typeof value}, expected a string.`, path);
}

function readNumber(node: Node, key: string, path: string): number | undefined {
  const value = node[key];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof number === "number" && Number.isFinite(number)) return number;

  throw new ProtocolError(`Invalid response: ${path} is ${show(value)}, expected a number.`, path);
}

const TRUE_VALUES = new Set<unknown>([true, 1, "1", "true"]);
const FALSE_VALUES = new Set<unknown>([false, 0, "0", "false", "", null, undefined]);

function readBoolean(node: Node, key: string, path: string): boolean {
  const raw = node[key];
  const value = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;

  throw new ProtocolError(
    `Invalid response: ${path} is ${show(raw)}, expected true, false, 1 or 0.`,
    path,
  );
}

function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];

  return Array.isArray(value) ? value : [value];
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function buildUri(protocol?: string, address?: string, port?: number): string | undefined {
  if (!protocol || !address || port === undefined) return undefined;
  const host = address.includes(":") ? `[${address}]` : address;

  return `${protocol}://${host}:${port}`;
}

function parseUri(uri: string, path: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw new ProtocolError(`Invalid response: ${path} is not a valid URL.`, path);
  }
}

function defaultPort(url: URL): number {
  if (url.port) return Number(url.port);

  return url.protocol === "https:" ? 443 : 80;
}

/** Shows a value from a body in a message, cut to 40 characters. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);

  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
