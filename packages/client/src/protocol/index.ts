/**
 * The wire model of the Plex Media Server security API: types, XML and JSON
 * codecs, source identifiers and the transient token format.
 *
 * @module
 */
export * from "./model.js";
export * from "./source.js";
export * from "./transient-token.js";
export * from "./decode.js";
export * from "./encode.js";
