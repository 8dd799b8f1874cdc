/**
 * Encoders for the responses our server sends, in the forms PMS uses: XML with
 * booleans as "1"/"0" and `relay` only when true; JSON with `Device` as one
 * object, `Connection` always an array, real booleans and numbers.
 */
import type {
  BodyFormat,
  Connection,
  ErrorEntry,
  SourceConnectionInformation,
  TransientTokenContainer,
} from "./model.js";
import { writeXml, type XmlAttributeValue } from "./xml-writer.js";

/** The `Content-Type` header of each body format. */
export const CONTENT_TYPES: Readonly<Record<BodyFormat, string>> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml;charset=utf-8",
};

type AttributeValue = string | number | boolean;
type Attributes = Record<string, XmlAttributeValue>;

/** Encodes a `/security/token` response. */
export function encodeTransientToken(container: TransientTokenContainer, format: BodyFormat): string {
  return encodeMediaContainer({ size: container.size, token: container.token }, format);
}

/**
 * Encodes a `MediaContainer` that has attributes only, such as the responses of
 * `/identity` and `/`.
 */
export function encodeMediaContainer(attributes: Attributes, format: BodyFormat): string {
  if (format === "json") return JSON.stringify({ MediaContainer: dropUndefined(attributes) });

  return writeXml({ name: "MediaContainer", attributes });
}

/** Encodes a `/security/resources` response. */
export function encodeSourceConnectionInformation(
  info: SourceConnectionInformation,
  format: BodyFormat,
): string {
  const { device } = info;
  if (format === "json") {
    return JSON.stringify({
      MediaContainer: {
        size: info.size,
        Device: {
          name: device.name,
          clientIdentifier: device.clientIdentifier,
          ...(device.accessToken === undefined ? {} : { accessToken: device.accessToken }),
          Connection: device.connections.map(jsonConnection),
        },
      },
    });
  }

  const deviceNode = {
    name: "Device",
    attributes: { name: device.name, clientIdentifier: device.clientIdentifier, accessToken: device.accessToken },
    children: device.connections.map(xmlConnection),
  };

  return writeXml({ name: "MediaContainer", attributes: { size: info.size }, children: [deviceNode] });
}

/**
 * Encodes an error body: `{"errors":[{"code":…,"message":"…","status":…}]}`
 * in JSON, `<Errors><Error code message status/></Errors>` in XML.
 */
export function encodeErrors(errors: readonly ErrorEntry[], format: BodyFormat): string {
  if (format === "json") {
    return JSON.stringify({ errors: errors.map(({ code, message, status }) => ({ code, message, status })) });
  }

  const children = errors.map(({ code, message, status }) => ({ name: "Error", attributes: { code, message, status } }));

  return writeXml({ name: "Errors", children });
}

function jsonConnection(connection: Connection): Connection {
  const { protocol, address, port, uri, local, relay } = connection;

  return { protocol, address, port, uri, local, relay };
}

function xmlConnection(connection: Connection): { name: string; attributes: Attributes } {
  const { protocol, address, port, uri, local, relay } = connection;

  return { name: "Connection", attributes: { protocol, address, port, uri, local, relay: relay ? true : undefined } };
}

function dropUndefined(attributes: Attributes): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) result[key] = value;
  }

  return result;
}
