// Who owns the wasm's bytes: every function and data segment of the
// optimised module, summed by owner (the app's UI, the domain core, serde,
// Yew, the browser bindings, Rust's standard library…), for `make bench`.
//
// Reads a build whose wasm-opt kept the names (`make profdist`: the same
// code as dist/, `-g` added) through twiggy. A name is the function's after
// inlining, so code inlined into a library's generic function counts for
// that function's owner: the component views are Yew's generic `view`
// with each component's markup inlined (counted as the UI), and the
// file-reading closure of gloo holds the import dialog's reading.
//
//   node scripts/size-owners.mjs [DIR]   (DIR defaults to target/profdist)

import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** [owner, test on the item's name]; the first that matches owns the item. */
export const OWNERS = [
  ['data (strings, tables)', (n) => /^data segment|^data\[/.test(n)],
  ['serde: deserialising the model', (n) => /serde/.test(n) && /[Dd]eserializ|Visitor|visit_|MapAccess|SeqAccess/.test(n)],
  ['serde: writing JSON', (n) => /serde/.test(n)],
  ['app UI (components, effects)', (n) => /cas_planner_app|CompStateInner|gloo_\w+::.*\{\{closure\}\}/.test(n)],
  ['domain core (model, sim, advisor, fixes, import, report, drawing)', (n) => /cas_planner_core/.test(n)],
  ['Yew runtime', (n) => /\byew\b|yew::|implicit_clone|indexmap/.test(n)],
  ['browser bindings (wasm-bindgen, js-sys, web-sys, gloo)', (n) => /wasm_bindgen|js_sys|web_sys|gloo/.test(n)],
  ['parsers for imports (csv, quick-xml)', (n) => /\bcsv\b|csv::|csv_core|quick_xml/.test(n)],
  ['other crates (miniz, base64, hashbrown, smallvec, strum…)', (n) => /miniz|base64|hashbrown|smallvec|strum|yoke|rustc_hash|memchr/.test(n)],
  ['Rust core, alloc, std', (n) => /^<?(core|alloc|std|dlmalloc|__rust|compiler_builtins)\b|\b(core|alloc|std)\[/.test(n)],
];

/** Custom sections (names, producers): in this build only, stripped from dist/. */
const isCustomSection = (n) => /subsection|custom section/.test(n);

export function owners(wasmFile) {
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '10000000', '--format', 'json', wasmFile], { maxBuffer: 1 << 28 }));
  const totals = new Map([...OWNERS.map(([o]) => [o, 0]), ['other (closures, drop glue, tables)', 0]]);
  let total = 0;
  for (const { name, shallow_size: size } of items) {
    if (isCustomSection(name)) continue;
    const owner = OWNERS.find(([, test]) => test(name))?.[0] ?? 'other (closures, drop glue, tables)';
    totals.set(owner, totals.get(owner) + size);
    total += size;
  }
  return { total, totals: [...totals].sort((a, b) => b[1] - a[1]) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'target/profdist');
  const wasm = readdirSync(dir).find((f) => f.endsWith('.wasm'));
  if (!wasm) throw new Error(`size-owners: no .wasm in ${dir} (make profdist)`);
  const file = path.join(dir, wasm);
  const { total, totals } = owners(file);
  console.log(`== Who owns the wasm's bytes (${file}: the optimised module with names, ${statSync(file).size} bytes with them) ==`);
  for (const [owner, bytes] of totals) {
    console.log(`  ${String(bytes).padStart(9)} B ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${owner}`);
  }
  console.log(`  ${String(total).padStart(9)} B  100.0 %  code and data (dist/'s wasm without the names)`);
}
