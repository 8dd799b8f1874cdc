import * as crypto from "node:crypto";

/** Length of a token's public id: the first hex digits of its digest. */
export const PUBLIC_ID_LENGTH = 8;

/**
 * Returns the hex SHA-256 digest of a token. Stores and logs hold digests
 * only, so a leaked store or log reveals no usable token.
 */
export function digestToken(token: string): string {
  return oneShotHash === undefined ? crypto.createHash("sha256").update(token, "utf8").digest("hex") : oneShotHash("sha256", token, "hex");
}

/** `crypto.hash` (Node 20.12 and newer) skips the Hash object and is about twice as fast for short inputs. */
const oneShotHash: typeof crypto.hash | undefined = typeof crypto.hash === "function" ? crypto.hash : undefined;

/** Returns the public id of a token digest, the form in which logs and listings name a token. */
export function publicId(digest: string): string {
  return digest.slice(0, PUBLIC_ID_LENGTH);
}

/** Fingerprint of a request that carried no token, which no token's fingerprint equals. */
export const MISSING_TOKEN_FINGERPRINT = -1;

/**
 * Returns the first 28 bits of a token's digest as a number, so failed
 * tokens can be distinguished in little memory. Two tokens share a
 * fingerprint with a probability of 2^-28.
 */
export function tokenFingerprint(token: string): number {
  return Number.parseInt(digestToken(token).slice(0, 7), 16);
}
