import { parseSource, type ParsedSource } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { FederatedSource } from "./federated-source.js";

/** A configured source and the configuration it was built from, to tell whether a reload changed it. */
interface RegisteredSource {
  source: FederatedSource;
  /** The source's configuration and this server's machine identifier, as JSON. */
  settings: string;
}

/** The configured sources that `/security/resources` serves, besides this server's own. */
export class SourceRegistry {
  readonly #sources = new Map<string, RegisteredSource>();
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #fetch: typeof fetch | undefined;

  constructor(config: Config, clock: Clock, logger: Logger, fetchImpl?: typeof fetch, previous?: SourceRegistry) {
    this.#clock = clock;
    this.#logger = logger;
    this.#fetch = fetchImpl;

    for (const source of config.sources) {
      const key = keyOf(parseSource(source.source));
      const settings = JSON.stringify([source, config.server.machineIdentifier]);
      const unchanged = previous === undefined ? undefined : previous.#sources.get(key);
      if (unchanged !== undefined && unchanged.settings === settings) {
        this.#sources.set(key, unchanged);
        continue;
      }

      const federated = new FederatedSource({
        config: source,
        clock,
        logger,
        clientIdentifier: config.server.machineIdentifier,
        ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
      });
      this.#sources.set(key, { source: federated, settings });
    }
  }

  /**
   * Builds the registry for a new configuration. A source whose settings did
   * not change keeps its instance, and with it its cached token.
   */
  reconfigure(config: Config): SourceRegistry {
    return new SourceRegistry(config, this.#clock, this.#logger, this.#fetch, this);
  }

  /** Returns the configured source, or undefined when this server does not know it. */
  get(source: ParsedSource): FederatedSource | undefined {
    return this.#sources.get(keyOf(source))?.source;
  }
}

function keyOf(source: ParsedSource): string {
  return `${source.kind}://${source.id}`;
}
