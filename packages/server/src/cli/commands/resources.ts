import { connectionKind, type Device } from "@plex-security/client";

import { createCliClient, reportRequestFailure, requireSource } from "../client.js";
import { ExitCode } from "../exit-codes.js";
import { formatTable } from "../table.js";

export interface ResourcesOptions {
  url?: string;
  config?: string;
  refresh?: boolean;
  json?: boolean;
}

/**
 * Prints a source's device and its connections. The human form leaves out
 * the source's token; `--json` prints the whole device, token included, for
 * programs that use it.
 */
export async function resources(source: string, options: ResourcesOptions): Promise<number> {
  requireSource(source);
  const { plex } = await createCliClient(options);

  let device: Device;
  try {
    ({ device } = await plex.security.getSourceConnectionInformation(source, { refresh: options.refresh === true }));
  } catch (error) {
    return reportRequestFailure(error);
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ source, device })}\n`);
    return ExitCode.Success;
  }

  const rows = device.connections.map((connection) => [
    connectionKind(connection),
    connection.uri,
    connection.protocol,
    connection.address,
    String(connection.port),
  ]);
  const token = device.accessToken === undefined ? "none" : "present (printed with --json)";
  process.stdout.write(
    `${device.name} (${device.clientIdentifier})\n` +
      `access token: ${token}\n\n` +
      formatTable(["KIND", "URI", "PROTOCOL", "ADDRESS", "PORT"], rows),
  );

  return ExitCode.Success;
}
