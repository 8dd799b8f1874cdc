/**
 * Response bodies of `/security/tokens`: a page of live transient tokens, and
 * the count a revocation removed, in JSON or XML like every other response.
 */
import type { BodyFormat } from "@plex-security/client/protocol";
import type { FastifyRequest } from "fastify";

import { BadRequestError } from "./http-errors.js";
import { readSingleParameter } from "./request-input.js";
import { publicId } from "./token-digest.js";
import type { TokenPage, TransientTokenRecord } from "./token-store.js";

/** Tokens per page when the request sets no `X-Plex-Container-Size`. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Largest accepted `X-Plex-Container-Size`. */
export const MAX_PAGE_SIZE = 10_000;

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The window of a listing, from PMS's paging parameters. */
export interface PageWindow {
  offset: number;
  limit: number;
}

/**
 * Reads `X-Plex-Container-Start` and `X-Plex-Container-Size`, as query
 * parameters or headers (the query parameter wins), as PMS does.
 *
 * @throws {BadRequestError} when either is repeated or not a whole number in range.
 */
export function readPageWindow(request: FastifyRequest): PageWindow {
  const offset = readWholeNumber(request, "X-Plex-Container-Start", 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = readWholeNumber(request, "X-Plex-Container-Size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);

  return { offset, limit };
}

function readWholeNumber(request: FastifyRequest, name: string, min: number, max: number, fallback: number): number {
  const header = request.headers[name.toLowerCase()];
  if (Array.isArray(header)) throw new BadRequestError(`The ${name} header is repeated: send it once.`);

  const value = readSingleParameter(request, name) ?? header;
  if (value === undefined || value === "") return fallback;

  const number = Number(value);
  if (!/^\d{1,16}$/.test(value) || number < min || number > max) {
    throw new BadRequestError(`Invalid ${name} ${JSON.stringify(value.slice(0, 32))}: expected a whole number from ${min} to ${max}.`);
  }

  return number;
}

/**
 * Encodes a page of tokens as a `MediaContainer` with `size`, `totalSize`,
 * `offset` and one `Token` per token: its public id, principal, issue and
 * expiry times (ISO 8601) and its parent's public id. In JSON `Token` is
 * always an array. No body carries a token or a full digest.
 */
export function encodeTokenPage(page: TokenPage, offset: number, format: BodyFormat): string {
  const container = { size: page.records.length, totalSize: page.total, offset };
  const tokens = page.records.map(describeToken);

  if (format === "json") return JSON.stringify({ MediaContainer: { ...container, Token: tokens } });

  const children = tokens.map((token) => `  <Token${xmlAttributes(token)}/>\n`).join("");
  const open = `<MediaContainer${xmlAttributes(container)}`;

  return XML_PROLOG + (children === "" ? `${open}/>\n` : `${open}>\n${children}</MediaContainer>\n`);
}

/** Encodes the result of a revocation: how many live tokens it revoked. */
export function encodeRevocation(revoked: number, format: BodyFormat): string {
  const container = { size: 0, revoked };
  if (format === "json") return JSON.stringify({ MediaContainer: container });

  return `${XML_PROLOG}<MediaContainer${xmlAttributes(container)}/>\n`;
}

function describeToken(record: TransientTokenRecord): Record<string, string> {
  const token: Record<string, string> = {
    id: publicId(record.digest),
    principal: record.principalId,
    issuedAt: new Date(record.issuedAt).toISOString(),
    expiresAt: new Date(record.expiresAt).toISOString(),
  };
  if (record.parentDigest !== undefined) token.parentId = publicId(record.parentDigest);

  return token;
}

function xmlAttributes(attributes: Record<string, string | number>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join("");
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
