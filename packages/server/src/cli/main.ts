/**
 * The `plex-security` command: `serve` runs the server, `token` mints a
 * transient token, `resources` and `connect` look up a source, `tokens`
 * lists live transient tokens and `revoke` revokes them. Exit status 0 on
 * success, 1 on a failed request, 2 on
 * wrong usage.
 */
import { Command, CommanderError, Option } from "commander";

import { connect } from "./commands/connect.js";
import { resources } from "./commands/resources.js";
import { serve } from "./commands/serve.js";
import { revoke } from "./commands/revoke.js";
import { token } from "./commands/token.js";
import { tokens } from "./commands/tokens.js";
import { ExitCode, RequestFailedError, UsageError } from "./exit-codes.js";

const VERSION = "0.1.0";

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command("plex-security")
    .description("A Plex Media Server compatible security service and its client.")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command("serve")
    .description("Serve the PMS security API. Without --config, uses (and creates) the default configuration file.")
    .option("--config <file>", "configuration file (JSON)")
    .option("--host <host>", "address to listen on (default: server.host from the configuration)")
    .option("--port <port>", "port to listen on, 0 for any free port (default: server.port from the configuration)")
    .action(async (options) => setExitCode(await serve(options)));

  program
    .command("token")
    .description("Mint a transient token and print it. The account token comes from PLEX_TOKEN, else the local configuration file.")
    .addOption(new Option("--url <url>", "server URL (default: PLEX_URL, else the local configuration)"))
    .option("--config <file>", "configuration file to read the token and URL from (default: the local one)")
    .option("--json", "print one JSON document")
    .action(async (options) => setExitCode(await token(options)));

  program
    .command("resources")
    .description("Print a source's connections (and, with --json, the token for it) from /security/resources. Needs the admin token.")
    .argument("<source>", "server://<clientIdentifier> or provider://<id>")
    .option("--url <url>", "server URL (default: PLEX_URL, else the local configuration)")
    .option("--config <file>", "configuration file to read the token and URL from (default: the local one)")
    .option("--refresh", "make the server mint a new token for the source instead of using its cache")
    .option("--json", "print one JSON document, with the source's token")
    .action(async (source: string, options) => setExitCode(await resources(source, options)));

  program
    .command("connect")
    .description("Pick the best working connection to a source and print it, with why each other one was not chosen.")
    .argument("<source>", "server://<clientIdentifier> or provider://<id>")
    .option("--url <url>", "server URL (default: PLEX_URL, else the local configuration)")
    .option("--config <file>", "configuration file to read the token and URL from (default: the local one)")
    .option("--json", "print one JSON document")
    .action(async (source: string, options) => setExitCode(await connect(source, options)));

  program
    .command("tokens")
    .description("List live transient tokens (admin only): a table, or one JSON document with --json.")
    .addOption(new Option("--url <url>", "server URL (default: PLEX_URL, else the local configuration)"))
    .option("--config <file>", "configuration file to read the token and URL from (default: the local one)")
    .option("--principal <id>", "only this principal's tokens")
    .option("--json", "print one JSON document")
    .action(async (options) => setExitCode(await tokens(options)));

  program
    .command("revoke")
    .description("Revoke a transient token and its descendants by ID, a principal's tokens, or all (admin only).")
    .argument("[id]", "token id as plex-security tokens lists it: 8 to 64 hex digits")
    .addOption(new Option("--url <url>", "server URL (default: PLEX_URL, else the local configuration)"))
    .option("--config <file>", "configuration file to read the token and URL from (default: the local one)")
    .option("--principal <id>", "revoke every token of this principal")
    .option("--all", "revoke every transient token")
    .option("--json", "print one JSON document")
    .action(async (id, options) => setExitCode(await revoke(id, options)));

  return program;
}

/** Runs the command line and resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.Success;
  const program = buildProgram((code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const finished = ["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code);
      return finished ? ExitCode.Success : ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`plex-security: ${error.message}\n`);
      return ExitCode.Usage;
    }
    if (error instanceof RequestFailedError) {
      process.stderr.write(`plex-security: ${error.message}\n`);
      return ExitCode.Failure;
    }
    process.stderr.write(`plex-security: unexpected failure: ${(error as Error).message}\n`);
    return ExitCode.Failure;
  }

  return exitCode;
}
