import type { Access } from "./token-store.js";

/** The caller a request authenticated as. */
export interface Principal {
  /** `admin`, or the id of a shared user. */
  id: string;
  access: Access;
  /** The kind of token the request carried. */
  kind: "admin" | "shared" | "transient";
  /** Hex SHA-256 digest of that token. */
  digest: string;
  /** For a transient token: when it expires, in milliseconds since the epoch. */
  expiresAt?: number;
}

export const ADMIN_PRINCIPAL_ID = "admin";
