/**
 * The transient token store. It is asynchronous so that a shared store can
 * serve a fleet of servers; the default keeps tokens in memory.
 */

/** Access levels: the admin may do everything, shared users may mint tokens. */
export type Access = "admin" | "shared";

/** A live transient token, kept by its digest only. */
export interface TransientTokenRecord {
  /** Hex SHA-256 digest of the token, lowercase. */
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

/** Outcome of adding a token. */
export type AddResult =
  | {
      added: true;
      /** The stored expiry: the requested one, or the parent's when that is earlier. */
      expiresAt: number;
      /** Tokens revoked because the principal went over its cap: its oldest and their descendants. */
      evicted: TransientTokenRecord[];
    }
  | {
      added: false;
      /**
       * `parent-gone`: the parent expired or was revoked meanwhile.
       * `cap-reached`: the principal is at its cap and every other token it
       * has is an ancestor of the new one, so none can make room.
       */
      reason: "parent-gone" | "cap-reached";
    };

/** Filter and window of a token listing, oldest first. */
export interface ListOptions {
  /** Only this principal's tokens. */
  principalId?: string;
  /** @default 0 */
  offset?: number;
  /** @default every token */
  limit?: number;
}

/** One page of live tokens. */
export interface TokenPage {
  /** Live tokens that match, on every page. */
  total: number;
  records: TransientTokenRecord[];
}

/** Receives revoked tokens batch by batch while a revocation runs. */
export type RevokedListener = (revoked: readonly TransientTokenRecord[]) => void;

export interface TokenStore {
  /**
   * Stores a token. A token with a parent gets the parent's expiry when that
   * is earlier, and is not stored when the parent is no longer live. When its
   * principal then has more than the cap, the principal's oldest token
   * that is not an ancestor of the new one is revoked with its descendants.
   */
  add(record: TransientTokenRecord): Promise<AddResult>;
  /** Returns the live token with this digest, or undefined when it is unknown, expired or revoked. */
  get(digest: string): Promise<TransientTokenRecord | undefined>;
  /** Returns up to `limit` live tokens whose digest starts with this prefix of at least 8 hex digits. */
  find(digestPrefix: string, limit: number): Promise<TransientTokenRecord[]>;
  /** Revokes the token with this digest and its descendants; returns them, or [] when it is not live. */
  revoke(digest: string): Promise<TransientTokenRecord[]>;
  /** Revokes every token of a principal, descendants included; resolves to how many were live. */
  revokePrincipal(principalId: string, onRevoked?: RevokedListener): Promise<number>;
  /** Revokes every token; resolves to how many were live. */
  revokeAll(onRevoked?: RevokedListener): Promise<number>;
  /** Lists live tokens, oldest first. */
  list(options?: ListOptions): Promise<TokenPage>;
  /** Number of tokens held, including expired ones not yet swept. */
  size(): Promise<number>;
  /** Stops background work. */
  close(): Promise<void>;
}
