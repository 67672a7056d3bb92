// Prints the HCL files named after the node_modules directory as JSON ({file: body}), parsed by
// HashiCorp's HCL parser (the Go library compiled to WebAssembly in @cdktf/hcl2json). Expressions
// come back as their source text in "${...}"; a syntax error ends the script with the parser's message.
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, ...files] = process.argv.slice(2);
const hcl = require(path.join(modules, "@cdktf/hcl2json"));

(async () => {
  const out = {};
  for (const file of files) {
    out[file] = await hcl.parse(file, fs.readFileSync(file, "utf8"));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e.message || String(e));
  process.exit(1);
});
