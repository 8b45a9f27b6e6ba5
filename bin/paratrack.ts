#!/usr/bin/env -S npx tsx
// Entry point of the paratrack command line; the commands are in bin/program.ts.
import { CommanderError } from "commander";
import { keepAliveOnUnhandledRejection } from "../lib/process-guard";
import { createProgram } from "./program";

// A headless run lasts as long as its agents: a stray failed promise is reported, not fatal.
keepAliveOnUnhandledRejection((reason) =>
  console.error(
    `paratrack: unhandled promise rejection (going on): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  ),
);

// A reader that goes away (`paratrack validate plan.yaml | head -1`) is no error of ours: end quietly with the exit
// code so far, as `git log | head` does, instead of Node's stack trace for an unhandled EPIPE. Any other error on
// these streams is thrown as before.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit();
  });
}

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Exit codes: 0 ok (help included), 1 what a command found (e.g. an invalid plan), 2 usage or I/O errors.
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    // A file that cannot be written or a directory that is a file (-o, --data-dir): the system's message says it,
    // a stack trace would only bury it.
    const isSystemError =
      error instanceof Error && typeof (error as { syscall?: unknown }).syscall === "string";
    console.error(
      isSystemError
        ? `paratrack: ${error.message}`
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
    );
    process.exitCode = 2;
  });
