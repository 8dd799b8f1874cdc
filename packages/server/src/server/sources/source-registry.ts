import { parseSource, type ParsedSource } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { FederatedSource } from "./federated-source.js";

/** The sources this server can answer `/security/resources` for, besides its own. */
export class SourceRegistry {
  readonly #sources = new Map<string, FederatedSource>();

  constructor(config: Config, clock: Clock, logger: Logger, fetchImpl?: typeof fetch) {
    for (const source of config.sources) {
      const { kind, id } = parseSource(source.source);
      this.#sources.set(`${kind}://${id}`, new FederatedSource({
        config: source,
        clock,
        logger,
        clientIdentifier: config.server.machineIdentifier,
        ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
      }));
    }
  }

  /** Returns the configured source, or undefined when this server does not know it. */
  get(source: ParsedSource): FederatedSource | undefined {
    return this.#sources.get(`${source.kind}://${source.id}`);
  }
}
