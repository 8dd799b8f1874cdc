/**
 * The wire model of the Plex Media Server security API, shared by the client
 * and the server. Field names follow the JSON form of the responses.
 */

/** The values PMS accepts for the `type` parameter of `/security/token`. */
export const QueryParamType = {
  Delegation: "delegation",
} as const;
export type QueryParamType = (typeof QueryParamType)[keyof typeof QueryParamType];

/** The values PMS accepts for the `scope` parameter of `/security/token`. */
export const Scope = {
  All: "all",
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

/** The body of a `/security/token` response: `MediaContainer` with its `token`. */
export interface TransientTokenContainer {
  size: number;
  token: string;
}

/** One way to reach a source, as listed under `Device.Connection`. */
export interface Connection {
  protocol: "http" | "https";
  address: string;
  port: number;
  /** The URI a client should use; it may differ from `protocol://address:port`. */
  uri: string;
  /** The address is on the source's local network. */
  local: boolean;
  /** Traffic goes through a Plex relay: slow, a last resort. */
  relay: boolean;
}

/** A source (shared server or cloud provider) as `/security/resources` describes it. */
export interface Device {
  name: string;
  clientIdentifier: string;
  /** A transient token valid on the source; absent when the server has none to give. */
  accessToken?: string;
  connections: Connection[];
}

/** The body of a `/security/resources` response. */
export interface SourceConnectionInformation {
  size: number;
  device: Device;
}

/** One entry of an error body: `{"errors":[{"code":1001,"message":"…","status":401}]}`. */
export interface ErrorEntry {
  code: number;
  message: string;
  status: number;
}

/** The body of `GET /identity`. */
export interface ServerIdentity {
  machineIdentifier: string;
  version: string;
  claimed: boolean;
}

/** Response body formats: PMS responds in XML unless the request accepts JSON. */
export type BodyFormat = "json" | "xml";
