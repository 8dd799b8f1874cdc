/**
 * Readers for the fields of a parsed body. They accept the variants real
 * servers send and raise a `ProtocolError` that names the field's path.
 */
import { ProtocolError } from "./protocol-error.js";

/** A parsed element: attributes and children as properties. */
export type Node = Record<string, unknown>;

/** Reads a child that may be absent, one object, or an array of objects. */
export function readChildren(node: Node, key: string, path: string): Node[] {
  const list = toList(node[key]);

  return list.map((child, index) => {
    if (child === "") return {};
    if (!isNode(child)) {
      throw new ProtocolError(`Invalid response: ${path}[${index}] is not an object.`, path);
    }

    return child;
  });
}

export function readString(node: Node, key: string, path: string): string | undefined {
  const value = node[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);

  throw new ProtocolError(`Invalid response: ${path} is a ${typeof value}, expected a string.`, path);
}

export function readNumber(node: Node, key: string, path: string): number | undefined {
  const value = node[key];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof number === "number" && Number.isFinite(number)) return number;

  throw new ProtocolError(`Invalid response: ${path} is ${show(value)}, expected a number.`, path);
}

const TRUE_VALUES = new Set<unknown>([true, 1, "1", "true"]);
const FALSE_VALUES = new Set<unknown>([false, 0, "0", "false", "", null, undefined]);

export function readBoolean(node: Node, key: string, path: string): boolean {
  const raw = node[key];
  const value = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;

  throw new ProtocolError(
    `Invalid response: ${path} is ${show(raw)}, expected true, false, 1 or 0.`,
    path,
  );
}

export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];

  return Array.isArray(value) ? value : [value];
}

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Shows a value from a body in a message, cut to 40 characters. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);

  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
