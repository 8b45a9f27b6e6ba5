// lib/domain stays pure (issue 10): every module in it and in its subfolders imports only other domain modules and
// the pure parsing libraries, and reads no clock, randomness, process or timers; the engine passes those in.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const DOMAIN = import.meta.dirname;
const ALLOWED_PACKAGES = new Set(["zod", "yaml", "picomatch"]);
const FORBIDDEN_GLOBALS = new Set([
  "process",
  "require",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "fetch",
]);

/** Every module of lib/domain, recursively, without the tests (which may use real processes and files). */
function domainModules(dir = DOMAIN): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainModules(file);
    return entry.name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(entry.name) ? [file] : [];
  });
}

/** What makes a module impure: imports from outside lib/domain, clocks, randomness, the process. */
function impurities(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const checkSpecifier = (node: ts.Node, specifier: string) => {
    const inside = specifier.startsWith(".")
      ? !path.relative(DOMAIN, path.resolve(path.dirname(file), specifier)).startsWith("..")
      : specifier.startsWith("@/lib/domain/") || ALLOWED_PACKAGES.has(specifier);
    if (!inside) found.push(`line ${at(node)}: imports "${specifier}"`);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) checkSpecifier(node, node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      found.push(`line ${at(node)}: import(${argument ? argument.getText(source) : ""})`);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) checkSpecifier(node, literal.text);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const call = `${node.expression.text}.${node.name.text}`;
      if (call === "Date.now" || call === "Math.random" || call === "performance.now") {
        found.push(`line ${at(node)}: ${call}`);
      }
    } else if (
      ts.isNewExpression(node) &&
      node.expression.getText(source) === "Date" &&
      !node.arguments?.length
    ) {
      found.push(`line ${at(node)}: new Date() (the current time)`);
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && isValueUse(node)) {
      found.push(`line ${at(node)}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** An identifier used as a value in its own right (not `x.process`, `{ process: … }` or a declaration's name). */
function isValueUse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent)) && parent.name === node)
    return false;
  if (ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) return parent.name !== node;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) {
    return parent.name !== node;
  }
  return true;
}

/** The domain modules a module imports (values and types alike), resolved to files. */
function domainImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const target = specifier.text.startsWith(".")
      ? path.resolve(path.dirname(file), specifier.text)
      : specifier.text.startsWith("@/lib/domain/")
        ? path.join(DOMAIN, specifier.text.slice("@/lib/domain/".length))
        : null;
    if (target !== null) out.push(`${target.replace(/\.ts$/, "")}.ts`);
  }
  return out;
}

/** Import cycles in a module graph, each as the path that closes it (a → b → a). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe("lib/domain purity", () => {
  const modules = domainModules();

  it("finds the modules of every subfolder", () => {
    const folders = new Set(modules.map((file) => path.relative(DOMAIN, path.dirname(file))));
    expect(folders).toContain("");
    expect(folders).toContain("governor");
    expect(modules.length).toBeGreaterThan(90);
  });

  it.each(modules.map((file) => [path.relative(DOMAIN, file), file]))("%s is pure", (_name, file) => {
    expect(impurities(file, readFileSync(file, "utf8"))).toEqual([]);
  });

  it("catches an impure module", () => {
    const file = path.join(DOMAIN, "governor", "example.ts");
    const text = [
      'import { readFileSync } from "node:fs";',
      'import { db } from "@/lib/db/client";',
      'import { engine } from "../../engine/engine";',
      'import { z } from "zod";',
      'import type { Zone } from "../types";',
      "export const at = () => Date.now() + new Date().getTime() + Math.random();",
      "export const env = () => process.env.HOME;",
      "export const options = { process: 1, clock: new Date(0) };",
    ].join("\n");
    expect(impurities(file, text)).toEqual([
      'line 1: imports "node:fs"',
      'line 2: imports "@/lib/db/client"',
      'line 3: imports "../../engine/engine"',
      "line 6: Date.now",
      "line 6: new Date() (the current time)",
      "line 6: Math.random",
      "line 7: process",
    ]);
  });

  // A cycle, even of types only, means two modules each need the other: one of them holds what both should share.
  it("has no import cycles, type imports included", () => {
    const graph = new Map(modules.map((file) => [file, domainImports(file, readFileSync(file, "utf8"))]));
    const named = importCycles(graph).map((cycle) =>
      cycle.map((file) => path.relative(DOMAIN, file)).join(" → "),
    );
    expect(named).toEqual([]);
  });

  it("finds a cycle through type imports", () => {
    const a = path.join(DOMAIN, "a.ts");
    const b = path.join(DOMAIN, "sub", "b.ts");
    expect(domainImports(a, 'import type { B } from "./sub/b";')).toEqual([b]);
    const graph = new Map([
      [a, domainImports(a, 'import type { B } from "./sub/b";')],
      [b, domainImports(b, 'export { A } from "../a";')],
    ]);
    expect(importCycles(graph)).toEqual([[a, b, a]]);
    expect(
      importCycles(
        new Map([
          [a, [b]],
          [b, []],
        ]),
      ),
    ).toEqual([]);
  });
});
