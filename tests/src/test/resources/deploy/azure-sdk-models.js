// Prints, for every Azure SDK for JS management package under the node_modules directory given as
// the first argument (installed by run-tests, possibly several releases under alias names), the
// resource types the package can PUT with their apiVersion and the SDK's own model mappers of the
// request body (serialized property names). The SDK builds each request through its client's
// sendOperationRequest; the script replaces that method, calls every operation with placeholder
// arguments and records the operation spec it is handed instead of sending anything.
"use strict";
const fs = require("fs");
const path = require("path");

const root = process.argv[2];
const packageDirs = [];
for (const scope of fs.readdirSync(root)) {
  const dir = path.join(root, scope);
  const candidates = scope.startsWith("@") ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [dir];
  for (const candidate of candidates) {
    const manifest = path.join(candidate, "package.json");
    if (fs.existsSync(manifest) && /^@azure\/arm-/.test(JSON.parse(fs.readFileSync(manifest, "utf8")).name)) {
      packageDirs.push(candidate);
    }
  }
}

const credential = { getToken: async () => ({ token: "unused", expiresOnTimestamp: Date.now() + 3600e3 }) };

function typeOf(specPath) {
  const afterProviders = specPath.split("/providers/").pop().split("/");
  const segments = [afterProviders[0]];
  for (let i = 1; i < afterProviders.length; i += 2) {
    segments.push(afterProviders[i]);
  }
  return segments.join("/");
}

function isOperationGroup(value) {
  return value !== null && typeof value === "object" && value.client !== undefined;
}

async function main() {
  const out = [];
  for (const dir of packageDirs) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const sdk = require(dir);
    const clientName = Object.keys(sdk).find((name) => /Client$/.test(name) && typeof sdk[name] === "function");
    const client = new sdk[clientName](credential, "00000000-0000-0000-0000-000000000000");
    const specs = [];
    client.sendOperationRequest = async (args, spec) => {
      specs.push(spec);
      throw new Error("recorded");
    };
    for (const groupName of Object.keys(client)) {
      const group = client[groupName];
      if (!isOperationGroup(group)) {
        continue;
      }
      const proto = Object.getPrototypeOf(group);
      for (const method of Object.getOwnPropertyNames(proto)) {
        if (method === "constructor" || typeof group[method] !== "function" || /^list|AndWait$/.test(method)) {
          continue;
        }
        // Placeholder path parameters and body; the last argument is always the options bag.
        const args = Array.from({ length: Math.max(group[method].length - 1, 0) }, () => "x");
        try {
          await group[method](...args, {});
        } catch (e) {
          // "recorded", or an operation that wanted real arguments before its request: not a PUT we need.
        }
      }
    }
    const types = {};
    for (const spec of specs) {
      // A PUT by id ("/{roleAssignmentId}") names no type; the same operation comes by scope and name too.
      if (spec.httpMethod !== "PUT" || !spec.requestBody || !spec.requestBody.mapper || !spec.path.includes("/providers/")) {
        continue;
      }
      const apiVersion = (spec.queryParameters || []).map((p) => p.mapper).find((m) => m.serializedName === "api-version");
      const body = spec.requestBody.mapper;
      types[typeOf(spec.path)] = {
        apiVersion: apiVersion ? apiVersion.defaultValue : null,
        body: body.type.className || null,
      };
    }
    // Every operation of a package shares one serializer, whose registry holds all the package's models.
    const serializer = specs.find((spec) => spec.serializer);
    if (!serializer) {
      throw new Error(`${manifest.name}@${manifest.version} made no request: not an autorest-generated SDK release`);
    }
    out.push({ package: manifest.name, version: manifest.version, types, mappers: serializer.serializer.modelMappers });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
