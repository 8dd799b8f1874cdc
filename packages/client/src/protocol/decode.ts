/**
 * Decoders for PMS responses in either format. Real servers are inconsistent,
 * so the decoders accept booleans as `true`/`false`/`1`/`0`/`"1"`/`"0"`,
 * numbers as strings, one child as an object or a one-element array, and
 * ignore attributes they do not know.
 */
import type {
  Connection,
  Device,
  ErrorEntry,
  ServerIdentity,
  SourceConnectionInformation,
  TransientTokenContainer,
} from "./model.js";
import { detectFormat, parseBody } from "./parse-body.js";
import { ProtocolError } from "./protocol-error.js";
import { isNode, readBoolean, readChildren, readNumber, readString, show, toList, type Node } from "./read-fields.js";

export { detectFormat, parseBody } from "./parse-body.js";
export { ProtocolError } from "./protocol-error.js";

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
