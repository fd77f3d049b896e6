/**
 * Reads built files the way a runtime would load them: which modules they
 * import, and which runtime globals they touch while the module itself is
 * evaluated (outside any function), which is what breaks a foreign runtime
 * at import time (case F8).
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** Globals that exist only in some runtimes. */
export const RUNTIME_GLOBALS = ['window', 'document', 'navigator', 'process', 'Deno', 'Bun',
  'Buffer', 'global', '__dirname', '__filename', 'localStorage', 'addEventListener'];
/** CommonJS's own names, allowed at the top of `.cjs` files. */
const COMMONJS_NAMES = new Set(['require', 'module', 'exports']);

const NODE_BUILTINS = new Set(builtinModules);

/** True for `node:fs`, `fs`, `fs/promises` and the like. */
export const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!);

export interface ScannedFile {
  file: string;
  /** Every specifier imported, re-exported or required. */
  imports: string[];
  /** `name (line N)` for each runtime global touched at module top level. */
  topLevelGlobals: string[];
}

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor,
]);

/** Whether an identifier names a property or member rather than a variable. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
    return !(ts.isIdentifier(parent.expression) && parent.expression.text === 'globalThis');
  }
  return (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) || ts.isGetAccessor(parent) ||
    ts.isSetAccessor(parent) || ts.isExportSpecifier(parent) ||
    ts.isImportSpecifier(parent)) && parent.name === node;
}

/** Parses one built file. */
export function scanFile(file: string): ScannedFile {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true,
    ts.ScriptKind.JS);
  const imports: string[] = [];
  const topLevelGlobals: string[] = [];
  const cjs = file.endsWith('.cjs');

  const visit = (node: ts.Node, inFunction: boolean): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      imports.push(node.arguments[0].text);
    }
    if (!inFunction && ts.isIdentifier(node) && !isMemberName(node)) {
      const name = node.text;
      if (RUNTIME_GLOBALS.includes(name) || (!cjs && COMMONJS_NAMES.has(name))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        topLevelGlobals.push(`${name} (line ${line + 1})`);
      }
    }
    const entersFunction = FUNCTION_KINDS.has(node.kind) ||
      (ts.isPropertyDeclaration(node) && !node.modifiers?.some(
        (m) => m.kind === ts.SyntaxKind.StaticKeyword));
    node.forEachChild((child) => visit(child, inFunction || entersFunction));
  };
  visit(source, false);
  return { file, imports, topLevelGlobals };
}

/** `entry` and every file it reaches through relative imports. */
export function scanGraph(entry: string): ScannedFile[] {
  const seen = new Map<string, ScannedFile>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    const scanned = scanFile(file);
    seen.set(file, scanned);
    for (const specifier of scanned.imports) {
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier));
    }
  }
  return [...seen.values()];
}
