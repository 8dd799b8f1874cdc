/**
 * The transient token store. It is asynchronous so that a shared store can
 * serve a fleet of servers; the default keeps tokens in memory.
 */

/** Access levels: the admin may do everything, shared users may mint tokens. */
export type Access = "admin" | "shared";

/** A live transient token, kept by its digest only. */
export interface TransientTokenRecord {
  /** Hex SHA-256 digest of the token. */
  digest: string;
  /** The principal the token acts for: `admin` or a shared user's id. */
  principalId: string;
  access: Access;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  /** Milliseconds since the epoch; the token is invalid from this instant on. */
  expiresAt: number;
  /** Digest of the transient token this one was minted from, if any. */
  parentDigest?: string;
}

/** Side effects of adding a token. */
export interface AddResult {
  /** Digests of tokens revoked because the principal was over its cap, oldest first. */
  evicted: string[];
}

export interface TokenStore {
  /**
   * Stores a token. When its principal then has more than the cap, the
   * principal's oldest tokens are revoked and returned in `evicted`.
   */
  add(record: TransientTokenRecord): Promise<AddResult>;
  /** Returns the live token with this digest, or undefined when it is unknown, expired or revoked. */
  get(digest: string): Promise<TransientTokenRecord | undefined>;
  /** Revokes the tokens whose digest starts with this prefix, and their descendants; returns them. */
  revokeByPrefix(digestPrefix: string): Promise<TransientTokenRecord[]>;
  /** Revokes every token of a principal, and their descendants; returns them. */
  revokePrincipal(principalId: string): Promise<TransientTokenRecord[]>;
  /** Revokes every token; returns how many there were. */
  revokeAll(): Promise<number>;
  /** Lists the live tokens, oldest first. */
  list(): Promise<TransientTokenRecord[]>;
  /** Number of tokens held, including expired ones not yet swept. */
  size(): Promise<number>;
  /** Stops background work. */
  close(): Promise<void>;
}
