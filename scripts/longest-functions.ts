// Lists the longest functions under src/ (or the folders given), longest first:
// `node --import tsx scripts/longest-functions.ts [--top N] [DIR…]`.
// Length = source lines from the function's first to its last line, comments and blank
// lines included (what a reader scrolls through). Counted: function declarations and
// expressions, arrow functions, methods, constructors and accessors; a function nested in
// another counts for both. Uses the TypeScript compiler's parser (already a devDependency)
// so the figures match what tsc sees.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface FunctionLength {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Best readable name of a function node: its own, its variable's, or its property's. */
function nameOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) {
    const cls = node.parent;
    return `${cls.name?.getText(sf) ?? '(class)'}.constructor`;
  }
  if (node.name) {
    const own = node.name.getText(sf);
    const parent = node.parent;
    return ts.isClassLike(parent) && parent.name ? `${parent.name.getText(sf)}.${own}` : own;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText(sf);
  }
  if (ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  return '(anonymous)';
}

function measure(file: string, root: string): FunctionLength[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node;
      const start = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      found.push({
        file: relative(root, file),
        line: start + 1,
        name: nameOf(fn, sf),
        lines: end - start + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const args = process.argv.slice(2);
let top = 10;
const dirs: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else dirs.push(args[i]!);
}
const root = process.cwd();
const all = (dirs.length ? dirs : ['src'])
  .flatMap(sourceFiles)
  .flatMap((f) => measure(f, root))
  .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
for (const f of all.slice(0, top)) {
  console.log(`${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
}
