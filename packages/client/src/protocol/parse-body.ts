/** Parsing of response bodies in JSON or XML into one shape, chosen by `Content-Type`. */
import type { BodyFormat } from "./model.js";
import { ProtocolError } from "./protocol-error.js";
import { isNode, type Node } from "./read-fields.js";
import { readXml, XmlSyntaxError } from "./xml-reader.js";

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

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // The engine's message quotes the body, which may hold a token.
    throw new ProtocolError("Invalid JSON response: the body is not well-formed JSON.");
  }
}

function parseXml(body: string): unknown {
  try {
    return readXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new ProtocolError(`Invalid XML response: ${error.message}.`);
    throw error;
  }
}
