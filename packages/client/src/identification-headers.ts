import type { ClientIdentification } from "./options.js";
import { CLIENT_PRODUCT, CLIENT_VERSION } from "./version.js";

/** Each identification option and the `X-Plex-*` header it sets. */
const HEADER_NAMES: Readonly<Record<keyof ClientIdentification, string>> = {
  clientIdentifier: "X-Plex-Client-Identifier",
  product: "X-Plex-Product",
  version: "X-Plex-Version",
  platform: "X-Plex-Platform",
  platformVersion: "X-Plex-Platform-Version",
  device: "X-Plex-Device",
  model: "X-Plex-Model",
  deviceVendor: "X-Plex-Device-Vendor",
  deviceName: "X-Plex-Device-Name",
  marketplace: "X-Plex-Marketplace",
};

/** The names of the identification options. */
export const IDENTIFICATION_OPTIONS = Object.keys(HEADER_NAMES) as (keyof ClientIdentification)[];

/**
 * Builds the `X-Plex-*` headers from the identification options. Product,
 * version and client identifier always have a value; the others are sent only
 * when set.
 *
 * @throws {TypeError} when an option is not a string.
 * @throws {RangeError} when an option is empty or has characters a header cannot carry.
 */
export function buildIdentificationHeaders(options: ClientIdentification): Record<string, string> {
  const values: ClientIdentification = {
    ...options,
    clientIdentifier: options.clientIdentifier ?? randomClientIdentifier(),
    product: options.product ?? CLIENT_PRODUCT,
    version: options.version ?? CLIENT_VERSION,
  };

  const headers: Record<string, string> = {};
  for (const name of IDENTIFICATION_OPTIONS) {
    const value: unknown = values[name];
    if (value === undefined) continue;

    headers[HEADER_NAMES[name]] = validateHeaderValue(name, value);
  }

  return headers;
}

function validateHeaderValue(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`Invalid ${name} option: expected a string, got ${value === null ? "null" : typeof value}.`);
  }
  if (value.trim() === "") {
    throw new RangeError(`Invalid ${name} option: the value is empty.`);
  }
  // Fetch accepts header values of Latin-1 characters without control characters.
  if (!/^[\x20-\x7e\xa0-\xff]+$/.test(value)) {
    throw new RangeError(
      `Invalid ${name} option ${JSON.stringify(value)}: an HTTP header can carry only Latin-1 characters without control characters.`,
    );
  }

  return value.trim();
}

function randomClientIdentifier(): string {
  const randomUUID = globalThis.crypto?.randomUUID;
  if (typeof randomUUID !== "function") {
    throw new TypeError("Missing clientIdentifier option: this runtime has no crypto.randomUUID to generate one, so pass one.");
  }

  return randomUUID.call(globalThis.crypto);
}
