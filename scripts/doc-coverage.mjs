#!/usr/bin/env node
// Doc-comment coverage: counts the exported declarations of the given folders (functions,
// classes, interfaces, types, constants, enums, and the public methods, getters and properties
// of exported classes) with and without a preceding /** */ comment. Re-exports (`export … from`)
// are not declarations and are not counted.
//
//   node scripts/doc-coverage.mjs src/core/broker src/core/launcher        (summary per folder)
//   node scripts/doc-coverage.mjs --missing src/core/broker                (also list the gaps)
//
// Uses the TypeScript compiler's own parser (already a devDependency) rather than a regex, so
// overloads, decorators-free classes and multi-line signatures are read as tsc reads them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const listMissing = args.includes('--missing');
const roots = args.filter((a) => !a.startsWith('--'));
if (roots.length === 0) {
  console.error('usage: node scripts/doc-coverage.mjs [--missing] DIR…');
  process.exit(2);
}

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function hasDoc(node, text) {
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges.some((r) => text.startsWith('/**', r.pos));
}

function isExported(node) {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
}

function isPublicMember(member) {
  const flags = ts.getCombinedModifierFlags(member);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  return (
    ts.isMethodDeclaration(member) ||
    ts.isGetAccessorDeclaration(member) ||
    ts.isSetAccessorDeclaration(member) ||
    ts.isPropertyDeclaration(member)
  );
}

/** [name, node] for every counted declaration of one file. */
function declarations(source) {
  const out = [];
  for (const st of source.statements) {
    if (!isExported(st)) continue;
    if (ts.isVariableStatement(st)) {
      const names = st.declarationList.declarations.map((d) => d.name.getText(source));
      out.push([names.join(', '), st]);
    } else if (
      ts.isFunctionDeclaration(st) ||
      ts.isClassDeclaration(st) ||
      ts.isInterfaceDeclaration(st) ||
      ts.isTypeAliasDeclaration(st) ||
      ts.isEnumDeclaration(st)
    ) {
      // an overloaded function counts once, at its first signature
      const name = st.name?.getText(source) ?? 'default';
      if (ts.isFunctionDeclaration(st) && out.some(([n]) => n === name)) continue;
      out.push([name, st]);
      if (ts.isClassDeclaration(st)) {
        for (const m of st.members) {
          if (isPublicMember(m)) out.push([`${name}.${m.name.getText(source)}`, m]);
        }
      }
    }
  }
  return out;
}

let total = 0;
let documented = 0;
for (const root of roots) {
  let rootTotal = 0;
  let rootDoc = 0;
  const missing = [];
  for (const file of tsFiles(root).sort()) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const [name, node] of declarations(source)) {
      rootTotal++;
      if (hasDoc(node, text)) rootDoc++;
      else missing.push(`${relative(process.cwd(), file)}: ${name}`);
    }
  }
  total += rootTotal;
  documented += rootDoc;
  const pct = rootTotal ? Math.round((100 * rootDoc) / rootTotal) : 100;
  console.log(`${root}: ${rootDoc}/${rootTotal} exported declarations documented (${pct} %)`);
  if (listMissing) for (const m of missing) console.log(`  missing: ${m}`);
}
if (roots.length > 1) {
  const pct = total ? Math.round((100 * documented) / total) : 100;
  console.log(`total: ${documented}/${total} (${pct} %)`);
}
