/**
 * A reader for the XML that Plex Media Server sends: one root element with
 * attributes and child elements. It reads elements, attributes, the five
 * predefined entities and character references, and skips the prolog,
 * processing instructions, comments, CDATA and text. It rejects a DOCTYPE, so
 * no entity can expand, and anything not well-formed.
 *
 * Output has the JSON shape: an element becomes an object of its attributes
 * (strings) and its children (an object, or an array when a name repeats).
 * Objects have no prototype, so an attribute named `__proto__` is plain data.
 */

/** A document that is not well-formed XML; `line` is 1-based. */
export class XmlSyntaxError extends Error {
  override name = "XmlSyntaxError";
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.line = line;
  }
}

export type XmlElement = Record<string, unknown>;

/** Deepest element nesting accepted; PMS responses nest three levels. */
export const MAX_XML_DEPTH = 64;

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /[ \t\r\n]*/y;
const ATTRIBUTE_VALUE = /"([^"<]*)"|'([^'<]*)'/y;
const ENTITY = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z]+));/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Parses a document into `{ [rootName]: element }`.
 *
 * @throws {XmlSyntaxError} naming the problem and its line.
 */
export function readXml(text: string): XmlElement {
  const reader = new Reader(text);

  return reader.document();
}

class Reader {
  readonly #text: string;
  #position = 0;

  constructor(text: string) {
    this.#text = text;
  }

  document(): XmlElement {
    const root = createElement();
    const stack: { name: string; element: XmlElement }[] = [];
    let rootSeen = false;

    for (;;) {
      const textEnd = this.#text.indexOf("<", this.#position);
      if (textEnd === -1) {
        if (stack.length > 0) this.#fail(`unexpected end of document inside <${stack.at(-1)?.name}>`);
        if (!rootSeen) this.#fail("no root element: the document does not contain an XML element");
        if (this.#text.slice(this.#position).trim() !== "") this.#fail("text after the root element");
        return root;
      }
      if (stack.length === 0 && this.#text.slice(this.#position, textEnd).trim() !== "") {
        this.#fail("text outside the root element");
      }
      this.#position = textEnd;

      if (this.#skipMarkup()) continue;

      if (this.#text.startsWith("</", this.#position)) {
        this.#closeElement(stack);
        continue;
      }

      if (stack.length === 0 && rootSeen) this.#fail("a second root element");
      const { name, element, selfClosing } = this.#openElement();
      addChild(stack.at(-1)?.element ?? root, name, element);
      rootSeen = true;
      if (!selfClosing) {
        if (stack.length >= MAX_XML_DEPTH) this.#fail(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
        stack.push({ name, element });
      }
    }
  }

  /** Skips a comment, processing instruction or CDATA section at the position; rejects a DOCTYPE. */
  #skipMarkup(): boolean {
    const skipPast = (start: string, end: string, construct: string): true => {
      const close = this.#text.indexOf(end, this.#position + start.length);
      if (close === -1) this.#fail(`unterminated ${construct}`);
      this.#position = close + end.length;
      return true;
    };

    if (this.#text.startsWith("<!--", this.#position)) return skipPast("<!--", "-->", "comment");
    if (this.#text.startsWith("<?", this.#position)) return skipPast("<?", "?>", "processing instruction");
    if (this.#text.startsWith("<![CDATA[", this.#position)) return skipPast("<![CDATA[", "]]>", "CDATA section");
    if (this.#text.startsWith("<!", this.#position)) this.#fail("a DOCTYPE or other declaration, which is not supported");

    return false;
  }

  #openElement(): { name: string; element: XmlElement; selfClosing: boolean } {
    this.#position += 1;
    const name = this.#match(NAME) ?? this.#fail("an element without a valid name");
    const element = createElement();

    for (;;) {
      const spaced = (this.#match(SPACE) ?? "") !== "";
      if (this.#text.startsWith("/>", this.#position)) {
        this.#position += 2;
        return { name, element, selfClosing: true };
      }
      if (this.#text.startsWith(">", this.#position)) {
        this.#position += 1;
        return { name, element, selfClosing: false };
      }
      if (this.#position >= this.#text.length) this.#fail(`unexpected end of document inside the tag <${name}`);
      if (!spaced) this.#fail(`expected a space, ">" or "/>" in the tag <${name}`);

      const attribute = this.#match(NAME) ?? this.#fail(`an invalid attribute name in the tag <${name}`);
      this.#match(SPACE);
      if (this.#text[this.#position] !== "=") this.#fail(`attribute ${attribute} of <${name}> has no value`);
      this.#position += 1;
      this.#match(SPACE);
      ATTRIBUTE_VALUE.lastIndex = this.#position;
      const quoted = ATTRIBUTE_VALUE.exec(this.#text) ?? this.#fail(`attribute ${attribute} of <${name}> has no quoted value`);
      this.#position = ATTRIBUTE_VALUE.lastIndex;
      if (Object.hasOwn(element, attribute)) this.#fail(`attribute ${attribute} repeats in <${name}>`);
      element[attribute] = this.#decode(quoted[1] ?? quoted[2] ?? "");
    }
  }

  #closeElement(stack: { name: string }[]): void {
    this.#position += 2;
    const name = this.#match(NAME) ?? this.#fail("an end tag without a valid name");
    this.#match(SPACE);
    if (this.#text[this.#position] !== ">") this.#fail(`unterminated end tag </${name}`);
    this.#position += 1;

    const open = stack.pop();
    if (open === undefined) this.#fail(`end tag </${name}> without a start tag`);
    if (open.name !== name) this.#fail(`end tag </${name}> does not match <${open.name}>`);
  }

  /**
   * Normalises an attribute value as XML requires: a literal line break or tab
   * becomes a space, then references are replaced, so `&#10;` stays a line break.
   */
  #decode(raw: string): string {
    const value = raw.replace(/\r\n?|[\n\t]/g, " ");
    if (value.replace(ENTITY, "").includes("&")) this.#fail("an unescaped & in an attribute value");

    return value.replace(ENTITY, (reference: string, hex?: string, decimal?: string, named?: string) => {
      if (named !== undefined) return PREDEFINED[named] ?? this.#fail(`unknown entity ${reference}`);

      const code = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        this.#fail(`invalid character reference ${reference}`);
      }

      return String.fromCodePoint(code);
    });
  }

  #match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.#position;
    const match = pattern.exec(this.#text);
    if (match === null) return undefined;
    this.#position = pattern.lastIndex;

    return match[0];
  }

  #fail(message: string): never {
    let line = 1;
    for (let index = 0; index < this.#position && index < this.#text.length; index++) {
      if (this.#text.charCodeAt(index) === 10) line++;
    }

    throw new XmlSyntaxError(message, line);
  }
}

function createElement(): XmlElement {
  return Object.create(null) as XmlElement;
}

/** Adds a child element under its name, turning a repeated name into an array. */
function addChild(parent: XmlElement, name: string, child: XmlElement): void {
  if (!Object.hasOwn(parent, name)) {
    parent[name] = child;
    return;
  }

  const existing = parent[name];
  if (Array.isArray(existing)) {
    existing.push(child);
  } else {
    parent[name] = [existing, child];
  }
}
