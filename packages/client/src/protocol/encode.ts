/**
 * Encoders for the responses our server sends, in the forms PMS uses: XML with
 * booleans as "1"/"0" and `relay` only when true; JSON with `Device` as one
 * object, `Connection` always an array, real booleans and numbers.
 */
import { XMLBuilder } from "fast-xml-parser";

import type {
  BodyFormat,
  Connection,
  ErrorEntry,
  SourceConnectionInformation,
  TransientTokenContainer,
} from "./model.js";

/** The `Content-Type` header of each body format. */
export const CONTENT_TYPES: Readonly<Record<BodyFormat, string>> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml;charset=utf-8",
};

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

type AttributeValue = string | number | boolean;
type Attributes = Record<string, AttributeValue | undefined>;

const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  suppressEmptyNode: true,
  processEntities: true,
});

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

  return XML_PROLOG + xmlBuilder.build({ MediaContainer: xmlAttributes(attributes) });
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
    ...xmlAttributes({
      name: device.name,
      clientIdentifier: device.clientIdentifier,
      accessToken: device.accessToken,
    }),
    Connection: device.connections.map(xmlConnection),
  };

  return XML_PROLOG + xmlBuilder.build({ MediaContainer: { "@size": String(info.size), Device: deviceNode } });
}

/**
 * Encodes an error body: `{"errors":[{"code":…,"message":"…","status":…}]}`
 * in JSON, `<Errors><Error code message status/></Errors>` in XML.
 */
export function encodeErrors(errors: readonly ErrorEntry[], format: BodyFormat): string {
  if (format === "json") {
    return JSON.stringify({ errors: errors.map(({ code, message, status }) => ({ code, message, status })) });
  }

  return XML_PROLOG + xmlBuilder.build({ Errors: { Error: errors.map((entry) => xmlAttributes({ ...entry })) } });
}

function jsonConnection(connection: Connection): Connection {
  const { protocol, address, port, uri, local, relay } = connection;

  return { protocol, address, port, uri, local, relay };
}

function xmlConnection(connection: Connection): Record<string, string> {
  const { protocol, address, port, uri, local, relay } = connection;

  return xmlAttributes({ protocol, address, port, uri, local, relay: relay ? true : undefined });
}

function xmlAttributes(attributes: Attributes): Record<string, string> {
  const node: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (typeof value === "boolean") {
      node[`@${key}`] = value ? "1" : "0";
    } else {
      node[`@${key}`] = String(value);
    }
  }

  return node;
}

function dropUndefined(attributes: Attributes): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) result[key] = value;
  }

  return result;
}
