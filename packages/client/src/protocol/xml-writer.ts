/** Writing the small XML documents the server sends: elements with attributes and child elements. */

export type XmlAttributeValue = string | number | boolean | undefined;

/** An element to write: its attributes (undefined ones are left out) and its children. */
export interface XmlNode {
  name: string;
  attributes?: Readonly<Record<string, XmlAttributeValue>>;
  children?: readonly XmlNode[];
}

export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Characters XML 1.0 cannot carry at all, even as references. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const INVALID_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/**
 * Writes a document with the XML prolog. Booleans become "1" and "0", as PMS
 * writes them; characters XML cannot carry become U+FFFD.
 */
export function writeXml(root: XmlNode): string {
  return XML_PROLOG + writeNode(root);
}

function writeNode(node: XmlNode): string {
  let text = `<${node.name}`;
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    if (value === undefined) continue;
    text += ` ${name}="${escapeAttribute(formatValue(value))}"`;
  }

  const children = node.children ?? [];
  if (children.length === 0) return `${text}/>`;

  return `${text}>${children.map(writeNode).join("")}</${node.name}>`;
}

function formatValue(value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "1" : "0";

  return String(value);
}

/** Escapes an attribute value so that a reader gets it back exactly, line breaks included. */
export function escapeAttribute(value: string): string {
  // Most values (numbers, identifiers, tokens, URIs) need no escaping; one test skips both replacements.
  if (!NEEDS_ESCAPING.test(value)) return value;

  return value.replace(INVALID_XML_CHARACTERS, "\uFFFD").replace(/[&<>"'\t\n\r]/g, (character) => ESCAPES[character] ?? character);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const NEEDS_ESCAPING = /[&<>"'\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
