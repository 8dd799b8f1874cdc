/** Checks of the configuration that span several keys. */
import { isSource, parseSource } from "@plex-security/client/protocol";
import type { z } from "zod";

import type { Config } from "./config.js";

/** Rejects duplicate tokens, user ids and sources, which would make a caller ambiguous. */
export function checkUniqueness(value: Config, context: z.RefinementCtx): void {
  const tokens = new Map<string, string>([[value.adminToken, "adminToken"]]);
  const userIds = new Set<string>();

  value.sharedUsers.forEach((user, index) => {
    const earlier = tokens.get(user.token);
    if (earlier !== undefined) {
      context.addIssue({ code: "custom", path: ["sharedUsers", index, "token"], message: `duplicates the token of ${earlier}` });
    }
    tokens.set(user.token, `sharedUsers[${index}].token`);

    if (userIds.has(user.id)) {
      context.addIssue({ code: "custom", path: ["sharedUsers", index, "id"], message: "duplicates the id of another shared user" });
    }
    userIds.add(user.id);
  });
  if (userIds.has("admin")) {
    const index = value.sharedUsers.findIndex((user) => user.id === "admin");
    context.addIssue({ code: "custom", path: ["sharedUsers", index, "id"], message: 'is reserved: "admin" names the admin token' });
  }

  const ownSource = `server://${value.server.machineIdentifier}`;
  const sources = new Set<string>([ownSource]);
  value.sources.forEach((entry, index) => {
    // Refinements still run when another key failed, so skip a source that failed its own check.
    if (!isSource(entry.source)) return;
    const { kind, id } = parseSource(entry.source);
    const normalized = `${kind}://${id}`;
    if (sources.has(normalized)) {
      const what = normalized === ownSource ? "is this server's own source" : "duplicates another source";
      context.addIssue({ code: "custom", path: ["sources", index, "source"], message: what });
    }
    sources.add(normalized);
  });
}

/** Adds an issue when the headers timeout is longer than the request timeout, which Node's HTTP server rejects. */
export function checkTimeoutOrder(
  server: { requestTimeoutMs: number; headersTimeoutMs: number },
  context: z.RefinementCtx,
): void {
  if (server.headersTimeoutMs <= server.requestTimeoutMs) return;

  context.addIssue({
    code: "custom",
    path: ["headersTimeoutMs"],
    message: `expected at most server.requestTimeoutMs (${server.requestTimeoutMs})`,
  });
}
