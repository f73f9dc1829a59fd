// tests/schema.mjs: every JSON record of the bundled content/, of the
// golden cases and of the bad corpus's valid base must pass the JSON Schema
// it names in "$schema" (the schemas in schemas/ are draft-07).
// Prints "ok - ..." / "not ok - ..." lines; exit status 1 on any failure.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { notOk, ok, root, run } from './lib/harness.mjs';

const schemaDir = join(root, 'schemas');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schemaIds = new Map(); // absolute path -> id

// Adds every schema to ajv, each under the file: URL of its file unless it
// names its own $id, so that relative $refs between them resolve.
function addSchemas() {
  if (!existsSync(schemaDir) || walk(schemaDir).length === 0) {
    notOk('schema: schemas/', 'no schema files yet');
    return;
  }
  for (const file of walk(schemaDir)) {
    const name = `schema: ${relative(root, file)} is a valid schema`;
    let schema;
    try {
      schema = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      notOk(name, `not JSON: ${e.message}`);
      continue;
    }
    const id = schema.$id || pathToFileURL(file).href;
    if (!schema.$id) schema.$id = id;
    if (schema.$schema && !/draft-07/.test(schema.$schema)) {
      notOk(name, `not a draft-07 schema: ${schema.$schema}`);
      continue;
    }
    try {
      ajv.addSchema(schema);
      schemaIds.set(file, id);
    } catch (e) {
      notOk(name, e.message);
      continue;
    }
  }
  for (const [file, id] of schemaIds) {
    const name = `schema: ${relative(root, file)} is a valid schema`;
    try {
      ajv.getSchema(id);
      ok(name);
    } catch (e) {
      notOk(name, e.message);
    }
  }
}

// The schema a record names, or for a record that names none, the schema of
// its kind (product.json -> product.schema.json).
function schemaFor(file, record) {
  const byKind = join(schemaDir, `${basename(file, '.json')}.schema.json`);
  const named = record && typeof record.$schema === 'string' ? record.$schema : null;
  if (named) {
    if (/^https?:/.test(named)) {
      for (const [f, id] of schemaIds) if (id === named) return f;
      const f = join(schemaDir, basename(new URL(named).pathname));
      if (schemaIds.has(f)) return f;
      return null;
    }
    const f = resolve(dirname(file), named);
    if (schemaIds.has(f)) return f;
    // A case folder's records name the schema as content/ in the project
    // root would; take the file of that name from schemas/.
    const g = join(schemaDir, basename(named));
    if (schemaIds.has(g)) return g;
    return null;
  }
  return schemaIds.has(byKind) ? byKind : null;
}

function contentTrees() {
  const trees = [join(root, 'content')];
  for (const parent of ['tests/golden', 'tests/bad']) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const c of readdirSync(dir).sort()) {
      if (parent === 'tests/bad' && c !== 'base') continue; // the rest are broken on purpose
      const t = join(dir, c, 'content');
      if (existsSync(t) && statSync(t).isDirectory()) trees.push(t);
    }
  }
  return trees;
}

const kinds = new Set(['site', 'producer', 'product', 'story', 'page']);

// Every record of every content tree against the schema it names.
function checkRecords() {
  let records = 0;
  for (const tree of contentTrees()) {
    for (const file of walk(tree)) {
      const rel = relative(root, file);
      if (!kinds.has(basename(file, '.json'))) continue;
      records++;
      const name = `schema: ${rel}`;
      let record;
      try {
        record = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        notOk(name, `not JSON: ${e.message}`);
        continue;
      }
      if (typeof record.$schema !== 'string') {
        notOk(name, 'names no "$schema"');
        continue;
      }
      const sf = schemaFor(file, record);
      if (!sf) {
        notOk(name, `no schema file for "$schema": ${JSON.stringify(record.$schema)}`);
        continue;
      }
      if (basename(sf) !== `${basename(file, '.json')}.schema.json`) {
        notOk(name, `names the schema of another kind: ${record.$schema}`);
        continue;
      }
      const validate = ajv.getSchema(schemaIds.get(sf));
      if (validate(record)) ok(name);
      else
        notOk(
          name,
          `${validate.errors.length} schema error(s)`,
          validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`),
        );
    }
  }
  if (records === 0) notOk('schema: records', 'found no content records');
}

await run('schema', () => {
  addSchemas();
  checkRecords();
});
