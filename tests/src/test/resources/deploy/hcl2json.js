// Usage: hcl2json.js NODE_MODULES bodies|references FILE...
// Prints the HCL files as JSON, parsed by HashiCorp's HCL parser (the Go library compiled to
// WebAssembly in @cdktf/hcl2json): {file: {body, references}}. body is hcl2json's conversion
// (expressions as their source text in "${...}"); with "references", references maps each top-level
// block ("output.NAME", "resource.TYPE", "locals", ...) to the names its expressions refer to (var.x,
// local.y, aws_lb.pair.dns_name, ...), from the parser's syntax tree of each expression (slower).
// A syntax error ends the script with the parser's message.
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, mode, ...files] = process.argv.slice(2);
const hcl = require(path.join(modules, "@cdktf/hcl2json"));

async function referencesIn(file, text, into) {
  if (!text.includes("${")) {
    return;
  }
  // hcl2json gives the expression's source as a template; the parser reads it back as a quoted one.
  const ast = await hcl.getExpressionAst(file, '"' + text + '"');
  // A for expression's key and value names are its own, not references to anything the module declares.
  const walk = (node, bound) => {
    if (!node) {
      return;
    }
    if (node.type === "scopeTraversal" && !bound.has(node.meta.fullAccessor.split(/[.[]/)[0])) {
      into.add(node.meta.fullAccessor);
    }
    const inner = node.type === "for" ? new Set([...bound, node.meta.keyVar, node.meta.valVar]) : bound;
    (node.children || []).forEach((child) => walk(child, inner));
  };
  walk(ast, new Set());
}

async function collect(file, value, into) {
  if (typeof value === "string") {
    await referencesIn(file, value, into);
  } else if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) {
      await collect(file, child, into);
    }
  }
}

(async () => {
  const out = {};
  for (const file of files) {
    const body = await hcl.parse(file, fs.readFileSync(file, "utf8"));
    const references = {};
    for (const [kind, blocks] of mode === "references" ? Object.entries(body) : []) {
      const labelled = !Array.isArray(blocks) && kind !== "terraform";
      for (const [label, block] of labelled ? Object.entries(blocks) : [[null, blocks]]) {
        const into = new Set();
        await collect(file, block, into);
        references[label === null ? kind : kind + "." + label] = [...into];
      }
    }
    out[file] = { body, references };
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e.message || String(e));
  process.exit(1);
});
