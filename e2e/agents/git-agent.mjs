#!/usr/bin/env node
// A scripted coding agent for the coordination e2e tests: it works in its own git worktree (its cwd) step by step.
//   edit:<file>:<line>:<text>   replace one line of a file and commit it (the commit lands before the file changes,
//                               so a poll never sees the edit without its commit)
//   write:<file>:<text>         write a file without committing it
//   commit-new:<file>:<text>    add a new file and commit it
//   mark:<name>                 write $E2E_MARK_DIR/<name> holding the time (ms) of the previous step
//   wait:<name>                 wait until $E2E_MARK_DIR/<name> exists
//   expect:<file>               exit 3 unless the file exists (a handed-over artifact), printing its sha256
//   sleep:<ms>                  wait (a timer due while the agent is paused fires when it resumes)
//   progress:<n>                print ::progress n
// Every step is echoed, so the track's log shows what the agent did.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const markDir = process.env.E2E_MARK_DIR ?? os.tmpdir();
const git = (args, options = {}) =>
  execFileSync("git", args, { encoding: "utf8", ...options, env: { ...process.env, ...options.env } }).trim();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let lastAt = Date.now();

/** Commits `content` as `file` on HEAD without touching the worktree, then updates the index and the file. */
function commitFile(file, content, message) {
  const blob = git(["hash-object", "-w", "--stdin"], { input: content });
  const index = path.join(os.tmpdir(), `git-agent-index-${process.pid}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    git(["read-tree", "HEAD"], { env });
    git(["update-index", "--add", "--cacheinfo", `100644,${blob},${file}`], { env });
    const tree = git(["write-tree"], { env });
    const commit = git(["commit-tree", tree, "-p", "HEAD", "-m", message]);
    git(["update-ref", "HEAD", commit]);
  } finally {
    rmSync(index, { force: true });
  }
  git(["read-tree", "HEAD"]);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

for (const step of process.argv.slice(2)) {
  const [kind, ...rest] = step.split(":");
  console.log(`step ${step}`);
  switch (kind) {
    case "edit": {
      const [file, line, ...text] = rest;
      const lines = readFileSync(file, "utf8").split("\n");
      lines[Number(line) - 1] = text.join(":");
      commitFile(file, lines.join("\n"), `edit ${file} line ${line}`);
      lastAt = Date.now();
      break;
    }
    case "write": {
      const [file, ...text] = rest;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${text.join(":")}\n`);
      lastAt = Date.now();
      break;
    }
    case "commit-new": {
      const [file, ...text] = rest;
      commitFile(file, `${text.join(":")}\n`, `add ${file}`);
      lastAt = Date.now();
      break;
    }
    case "mark":
      writeFileSync(path.join(markDir, rest[0]), String(lastAt));
      break;
    case "wait":
      while (!existsSync(path.join(markDir, rest[0]))) await sleep(100);
      break;
    case "expect": {
      const file = rest.join(":");
      if (!existsSync(file)) {
        console.log(`missing ${file}`);
        process.exit(3);
      }
      console.log(`found ${file} sha256 ${createHash("sha256").update(readFileSync(file)).digest("hex")}`);
      break;
    }
    case "sleep":
      await sleep(Number(rest[0]));
      break;
    case "progress":
      console.log(`::progress ${rest[0]}`);
      break;
    default:
      console.log(`unknown step ${step}`);
      process.exit(2);
  }
}
console.log("done");
