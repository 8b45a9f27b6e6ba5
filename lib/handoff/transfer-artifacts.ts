// Phase 4's I/O: find a handoff's artifacts in the sender's worktree, hash them (sha256), copy them into the
// receiver's worktree without overwriting anything different there, and write the handoff document.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { constants, copyFile, lstat, mkdir, readdir, writeFile } from "node:fs/promises";
import nodePath from "node:path";
import picomatch from "picomatch";
import type { HandoffArtifact } from "../domain/coordination/handoffs";

/** Directories never searched for artifacts (git's own; dependencies unless a glob starts inside them). */
const SKIPPED_DIRS = new Set([".git", "node_modules"]);

/** Where incoming files go in the receiver's worktree when it already has a different file at the same path. */
export function incomingDirFor(fromKey: string): string {
  return `.paratrack/handoffs/${fromKey}`;
}

/** The relative paths of regular files under `root` matching the globs ("!" globs exclude), sorted. */
export async function findArtifacts(
  root: string,
  globs: readonly string[],
): Promise<{ files: string[]; unmatchedGlobs: string[] }> {
  for (const glob of globs) assertRelativeGlob(glob);
  const positive = globs.filter((g) => !g.startsWith("!"));
  const negative = globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  const isExcluded = negative.length > 0 ? picomatch(negative, { dot: true }) : () => false;
  const found = new Set<string>();
  const unmatchedGlobs: string[] = [];
  for (const glob of positive) {
    const scan = picomatch.scan(glob);
    const matches = scan.isGlob ? picomatch(glob, { dot: true }) : null;
    const base = scan.base.replace(/\/+$/, "");
    const hits: string[] = [];
    await walk(root, base, (path) => {
      // A literal path names a file, or a directory and everything under it.
      const isMatch = matches ? matches(path) : path === base || path.startsWith(`${base}/`);
      if (isMatch && !isExcluded(path)) hits.push(path);
    });
    if (hits.length === 0) unmatchedGlobs.push(glob);
    for (const hit of hits) found.add(hit);
  }
  return { files: [...found].sort(), unmatchedGlobs };
}

async function walk(root: string, relative: string, visit: (path: string) => void): Promise<void> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(nodePath.join(root, relative));
  } catch {
    return;
  }
  if (info.isFile()) {
    visit(relative);
    return;
  }
  if (!info.isDirectory()) return;
  const entries = await readdir(nodePath.join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    if (entry.isSymbolicLink()) continue;
    await walk(root, relative === "" ? entry.name : `${relative}/${entry.name}`, visit);
  }
}

function assertRelativeGlob(glob: string): void {
  const body = glob.startsWith("!") ? glob.slice(1) : glob;
  if (nodePath.isAbsolute(body) || body.split("/").includes("..")) {
    throw new Error(
      `artifact glob "${glob}" must stay inside the sender's worktree (no absolute path, no "..")`,
    );
  }
}

/** The file's sha256 in hex, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

export type TransferOptions = {
  fromKey: string;
  /** The sender's worktree (or the shared tree). */
  fromRoot: string;
  /** The receiver's worktree; the same directory as fromRoot when both share the tree. */
  toRoot: string;
  globs: readonly string[];
};

export type TransferResult = { artifacts: HandoffArtifact[]; unmatchedGlobs: string[] };

/**
 * Copies each artifact to the same path in the receiver's worktree. A file already there with the same content is
 * left as it is; a different one is never overwritten: the incoming copy goes to .paratrack/handoffs/<from>/<path>.
 */
export async function transferArtifacts(options: TransferOptions): Promise<TransferResult> {
  const { files, unmatchedGlobs } = await findArtifacts(options.fromRoot, options.globs);
  const isSharedTree = nodePath.resolve(options.fromRoot) === nodePath.resolve(options.toRoot);
  const artifacts: HandoffArtifact[] = [];
  for (const path of files) {
    const source = nodePath.join(options.fromRoot, path);
    const [sha256, info] = await Promise.all([sha256File(source), lstat(source)]);
    const artifact = { path, bytes: info.size, sha256 };
    if (isSharedTree) {
      artifacts.push({ ...artifact, outcome: "shared-tree", incomingPath: null });
      continue;
    }
    const target = nodePath.join(options.toRoot, path);
    const existing = await hashIfFile(target);
    if (existing === sha256) {
      artifacts.push({ ...artifact, outcome: "identical", incomingPath: null });
    } else if (existing === null) {
      await copyExclusive(source, target);
      artifacts.push({ ...artifact, outcome: "copied", incomingPath: null });
    } else {
      const incomingPath = `${incomingDirFor(options.fromKey)}/${path}`;
      const incoming = nodePath.join(options.toRoot, incomingPath);
      if ((await hashIfFile(incoming)) !== sha256) {
        await mkdir(nodePath.dirname(incoming), { recursive: true });
        await copyFile(source, incoming);
      }
      artifacts.push({ ...artifact, outcome: "kept-receiver-version", incomingPath });
    }
  }
  return { artifacts, unmatchedGlobs };
}

/** null when nothing is there; throws when something that is not a regular file is (a directory, a link). */
async function hashIfFile(path: string): Promise<string | null> {
  try {
    const info = await lstat(path);
    if (!info.isFile()) throw new Error(`${path} exists and is not a regular file: not touched`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return sha256File(path);
}

/** Copies only if the target does not exist (COPYFILE_EXCL): a file that appears meanwhile is not overwritten. */
async function copyExclusive(source: string, target: string): Promise<void> {
  await mkdir(nodePath.dirname(target), { recursive: true });
  await copyFile(source, target, constants.COPYFILE_EXCL);
}

/** Writes the handoff document (Markdown), creating its directory; an existing document is replaced. */
export async function writeHandoffDocument(path: string, markdown: string): Promise<void> {
  await mkdir(nodePath.dirname(path), { recursive: true });
  await writeFile(path, markdown, "utf8");
}
