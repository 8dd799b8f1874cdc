import type { Logger } from "pino";

import { publicId } from "./token-digest.js";
import type { TransientTokenRecord } from "./token-store.js";

/** The reason a log line gives for a revocation. */
export type RevocationReason = "admin request" | "principal cap";

/**
 * Writes one log line per revoked token: its public id, principal, expiry
 * and, for a token revoked with its parent, the parent's public id.
 */
export function logRevoked(logger: Logger, revoked: readonly TransientTokenRecord[], reason: RevocationReason): void {
  for (const token of revoked) {
    logger.info(
      {
        event: "token.revoked",
        tokenId: publicId(token.digest),
        principal: token.principalId,
        parentId: token.parentDigest === undefined ? undefined : publicId(token.parentDigest),
        expiresAt: new Date(token.expiresAt).toISOString(),
        reason,
      },
      "transient token revoked",
    );
  }
}
