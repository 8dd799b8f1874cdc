/** The version of this package, sent as `X-Plex-Version` unless the `version` option replaces it. */
export const CLIENT_VERSION = "0.1.0";

/** The default `X-Plex-Product`. */
export const CLIENT_PRODUCT = "plex-security-client";
