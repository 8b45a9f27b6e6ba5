// The paratrack CLI's commands. Add a subcommand by writing bin/commands/<name>.ts and listing it here.
import { Command } from "commander";
import { VERSION } from "../lib/version";
import { createCheckCommand } from "./commands/check";
import { createCleanupCommand } from "./commands/cleanup";
import { createReportCommand } from "./commands/report";
import { createRunCommand } from "./commands/run";
import { createRunsCommand } from "./commands/runs";
import { createSchemaCommand } from "./commands/schema";
import { createServiceCommand } from "./commands/service";
import { createStatusCommand } from "./commands/status";
import { createStopCommand } from "./commands/stop";
import { createTrackCommand } from "./commands/track";
import { createValidateCommand } from "./commands/validate";

/** The CLI with every subcommand; usage errors throw CommanderError instead of exiting. */
export function createProgram(): Command {
  const program = new Command("paratrack")
    .description("Run AI coding-agent tracks in parallel without running the workstation out of memory.")
    .version(VERSION, "-V, --version", "print Paratrack's version")
    .addCommand(createRunCommand())
    .addCommand(createReportCommand())
    .addCommand(createRunsCommand())
    .addCommand(createStatusCommand())
    .addCommand(createStopCommand())
    .addCommand(createTrackCommand())
    .addCommand(createValidateCommand())
    .addCommand(createCheckCommand())
    .addCommand(createSchemaCommand())
    .addCommand(createCleanupCommand())
    .addCommand(createServiceCommand());
  const overrideAll = (command: Command) => {
    command.exitOverride().showHelpAfterError();
    for (const sub of command.commands) overrideAll(sub);
  };
  overrideAll(program);
  return program;
}
