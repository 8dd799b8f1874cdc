/**
 * The HTTP app: PMS's security endpoints and the identity endpoints Plex
 * clients read, with one error handler and one log line per request.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { Logger } from "pino";

import { AuthFailureLimiter } from "./auth-failure-limiter.js";
import { Authenticator } from "./authenticator.js";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { ServerContext } from "./context.js";
import { answerClientError, createClientErrorTally } from "./client-errors.js";
import { applyConnectionLimits, httpServerOptions, logDroppedConnections } from "./connection-limits.js";
import { ownConnections } from "./connections.js";
import { createConfigReloader } from "./config-reload.js";
import { createErrorResponses, isKnownRoute } from "./error-responses.js";
import { ErrorCode, HttpError } from "./http-errors.js";
import { createLogger, loggablePath } from "./logger.js";
import { MemoryTokenStore } from "./memory-token-store.js";
import { negotiateFormat } from "./negotiate.js";
import { registerIdentityRoutes } from "./routes/identity.js";
import { registerSecurityResourcesRoute } from "./routes/security-resources.js";
import { registerSecurityTokenRoute } from "./routes/security-token.js";
import { registerSecurityTokensRoutes } from "./routes/security-tokens.js";
import { SourceRegistry } from "./sources/source-registry.js";
import { digestStaticTokens } from "./static-token-digests.js";
import { TokenIssuer } from "./token-issuer.js";
import type { TokenStore } from "./token-store.js";

export interface AppOptions {
  config: Config;
  /** @default a new MemoryTokenStore, closed with the app */
  store?: TokenStore;
  /** @default the system clock */
  clock?: Clock;
  /** @default a pino logger at level info on stdout */
  logger?: Logger;
  /** The `fetch` for requests to configured sources. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Maximum length of the request target (path and query); longer ones get 414. */
export const MAX_URL_LENGTH = 8192;

/** Largest request body read; PMS's security endpoints take none. */
const MAX_BODY_BYTES = 16 * 1024;

/** Builds the app; the caller listens on it and closes it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const ownedStore = options.store === undefined ? newMemoryStore(config, clock, logger) : undefined;
  const store: TokenStore = options.store ?? (ownedStore as MemoryTokenStore);

  const authenticator = new Authenticator(config, store);
  // A configured token pasted into a path must not reach the log or an error message.
  const isSecret = (value: string): boolean => authenticator.isStaticToken(value);
  const errors = createErrorResponses(isSecret);
  const clientErrors = createClientErrorTally(logger, clock);
  const logRequest = (request: FastifyRequest, reply: FastifyReply): void => {
    request.log.info(
      {
        method: request.method,
        path: loggablePath(request.url, isSecret, isKnownRoute(request)),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
        principal: request.principalId,
      },
      "request completed",
    );
  };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // The onResponse hook below writes the one line per request instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    http: httpServerOptions(config.server),
    return503OnClosing: true,
    clientErrorHandler: (error, socket) => answerClientError(clientErrors, error, socket),
    // Fastify rejects a malformed URL before any hook runs. This handler sends its error in the caller's
    // format and writes its request line, which the onResponse hook would otherwise write.
    frameworkErrors: (error, request, reply) => {
      request.format = negotiateFormat(request.headers.accept);
      errors.send(error, request, reply);
      logRequest(request, reply);
    },
  });

  // Fastify sets its own request and keep-alive timeouts on the server it creates, so these replace them.
  applyConnectionLimits(app.server, config.server);
  const stopDropLog = logDroppedConnections(app.server, logger, clock);
  const authFailures = new AuthFailureLimiter(config.authFailureLimit, clock, logger);
  app.addHook("onClose", async () => {
    stopDropLog();
    clientErrors.close();
    authFailures.close();
  });

  const context: ServerContext = {
    config: digestStaticTokens(config),
    store,
    clock,
    logger,
    authenticator,
    authFailures,
    issuer: new TokenIssuer({
      store,
      clock,
      ttlSeconds: config.transientTokenTtlSeconds,
      maxTokensPerPrincipal: config.maxTransientTokensPerPrincipal,
      logger,
      isKnownPrincipal: (principalId) => authenticator.hasPrincipal(principalId),
    }),
    sources: new SourceRegistry(config, clock, logger, options.fetch),
    ownConnections: () => ownConnections(app, context.config.server),
  };
  app.decorate("reloadConfig", createConfigReloader({ context, httpServer: app.server, ownedStore }));

  app.decorateRequest("format", "xml");
  app.decorateRequest("principalId", undefined);
  // The security endpoints take no body: read it within the limit and ignore it, whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, _body, done) => done(null, undefined));

  // Hooks on every request take callbacks: an async hook costs a promise per request.
  app.addHook("onRequest", (request, _reply, done) => {
    request.format = negotiateFormat(request.headers.accept);
    if (request.url.length > MAX_URL_LENGTH) {
      done(new HttpError(414, ErrorCode.BadRequest, `The URL is longer than ${MAX_URL_LENGTH} characters: send shorter parameters.`));
      return;
    }
    done();
  });
  app.addHook("onResponse", (request, reply, done) => {
    logRequest(request, reply);
    done();
  });

  // Once the app is closing, each response ends its connection, so a keep-alive client cannot delay the shutdown.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => errors.send(error, request, reply));
  app.setNotFoundHandler((request, reply) => errors.sendNotFound(request, reply));

  registerSecurityTokenRoute(app, context);
  registerSecurityResourcesRoute(app, context);
  registerSecurityTokensRoutes(app, context);
  registerIdentityRoutes(app, context);

  if (ownedStore !== undefined) app.addHook("onClose", async () => ownedStore.close());

  return app;
}

/** Creates the default store, which logs each sweep that removed expired tokens. */
function newMemoryStore(config: Config, clock: Clock, logger: Logger): MemoryTokenStore {
  return new MemoryTokenStore({
    clock,
    maxTokensPerPrincipal: config.maxTransientTokensPerPrincipal,
    onSweep: (report) => {
      if (report.removed > 0) logger.info({ event: "tokens.swept", ...report }, "expired transient tokens removed");
    },
  });
}
