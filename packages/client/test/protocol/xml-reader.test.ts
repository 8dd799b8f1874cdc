import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

import { readXml, XmlSyntaxError } from "../../src/protocol/xml-reader.js";
import { writeXml, type XmlNode } from "../../src/protocol/xml-writer.js";

/** fast-xml-parser, configured to produce the same shape, is the reference reader. */
const reference = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
  trimValues: false,
});

const name = fc.constantFrom("MediaContainer", "Device", "Connection", "Error", "a", "b-c", "d_e.f", "ns:g");
const attributeValue = fc.oneof(fc.string({ unit: "grapheme", maxLength: 30 }), fc.constantFrom("&", "<", ">", '"', "'", "a\nb", "\t", ""));

function documents(values: fc.Arbitrary<string>): fc.Arbitrary<XmlNode> {
  const attributes = fc.dictionary(fc.constantFrom("size", "token", "name", "uri", "local", "x-y", "ns:z"), values, { maxKeys: 4 });

  return fc.letrec<{ node: XmlNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthIdentifier: "xml" },
      fc.record({ name, attributes }),
      fc.record({ name, attributes, children: fc.array(tie("node"), { maxLength: 3 }) }),
    ),
  })).node;
}

const node = documents(attributeValue);

/**
 * Converts the reference's output to ours: empty elements are objects too, and text is dropped.
 * The reference also reads an empty element as "", so the documents compared have no empty attribute.
 */
function normalise(value: unknown): unknown {
  if (value === "") return {};
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value !== "object" || value === null) return value;

  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "#text")
      .map(([key, child]) => [key, normalise(child)]),
  );
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe("readXml", () => {
  it("reads what it writes, attribute values included", () => {
    fc.assert(
      fc.property(node, (root) => {
        const document = readXml(writeXml(root)) as Record<string, Record<string, unknown>>;
        const element = document[root.name] as Record<string, unknown>;

        for (const [key, value] of Object.entries(root.attributes ?? {})) {
          // XML cannot carry control characters and lone surrogates; the writer replaces them with U+FFFD.
          // eslint-disable-next-line no-control-regex -- matching control characters is the point.
          const expected = String(value).toWellFormed().replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD");
          expect(element[key]).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with fast-xml-parser on well-formed documents", () => {
    fc.assert(
      fc.property(documents(attributeValue.filter((value) => value !== "")), (root) => {
        const text = writeXml(root);
        expect(plain(readXml(text))).toEqual(normalise(reference.parse(text)));
      }),
      { numRuns: 500 },
    );
  });

  it("throws only XmlSyntaxError on arbitrary text", () => {
    const fragments = fc.constantFrom("<", ">", "/", "=", '"', "'", "&", ";", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "a", " ", "\n", "#", "x");

    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join("")), (text) => {
        try {
          readXml(text);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["a truncated tag", '<MediaContainer size="0" tok', "attribute tok of <MediaContainer> has no value"],
    ["an unclosed element", "<MediaContainer><Device>", "unexpected end of document inside <Device>"],
    ["a mismatched end tag", "<a><b></a>", "end tag </a> does not match <b>"],
    ["a DOCTYPE", '<!DOCTYPE a [<!ENTITY e "x">]><a/>', "a DOCTYPE or other declaration, which is not supported"],
    ["an unknown entity", '<a b="&nbsp;"/>', "unknown entity &nbsp;"],
    ["a bare ampersand", '<a b="x & y"/>', "an unescaped & in an attribute value"],
    ["a repeated attribute", '<a b="1" b="2"/>', "attribute b repeats in <a>"],
    ["two roots", "<a/><b/>", "a second root element"],
    ["JSON", '{"a":1}', "no root element: the document does not contain an XML element"],
    ["deep nesting", "<a>".repeat(65), "elements nested deeper than 64 levels"],
    ["a NUL reference", '<a b="&#0;"/>', "invalid character reference &#0;"],
  ])("rejects %s", (_case, text, message) => {
    expect(() => readXml(text)).toThrow(XmlSyntaxError);
    expect(() => readXml(text)).toThrow(message);
  });

  it("keeps __proto__ as data", () => {
    const document = readXml('<a __proto__="x" constructor="y"/>') as Record<string, Record<string, unknown>>;

    expect(Object.getPrototypeOf(document.a)).toBeNull();
    expect(document.a?.__proto__).toBe("x");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("reports the line of the problem", () => {
    expect(() => readXml('<a>\n<b>\n</c></a>')).toThrow("(line 3)");
  });
});
