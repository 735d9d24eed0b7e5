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

/**
 * [feature, test on the item's name]: what each part of the app costs in the
 * download, whichever crate the code is from. The first that matches owns
 * the item; an item of no feature (std, Yew, data, glue) is "shared".
 * `core::x` is the domain core's module x, `ui::x` the app's.
 */
const core = (...mods) => new RegExp(`cas_planner_core::(${mods.join('|')})\\b`);
const ui = (...mods) => new RegExp(`cas_planner_app::ui::(${mods.join('|')})\\b`);
const any = (...tests) => (n) => tests.some((t) => t.test(n));
export const FEATURES = [
  ['import from Exchange and DNS (readers, review)', any(core('import'), ui('components::import', 'hooks::files'), /\bcsv\b|csv::|csv_core|quick_xml/)],
  ['migration plan (steps, plan bar, draft)', any(core('migration', 'edit::plan', 'advisor::coexistence', 'report::plan'), ui('components::plan_bar', 'components::plan_present'))],
  ['report and print', any(core('report'), ui('components::print_report', 'hooks::print'))],
  ['presenter', any(ui('components::present', 'hooks::presenter'))],
  ['commands (PowerShell)', any(core('commands'), ui('components::commands'))],
  ['compare', any(core('sim::compare'), ui('components::compare'))],
  ['drawings (topology, timeline)', any(core('draw'), ui('components::drawing', 'components::topology'))],
  ['Autodiscover (simulation, advice, path)', any(core('sim::autodiscover', 'advisor::autodiscover'), ui('components::autodiscover'))],
  ['advisor and fixes', any(core('advisor', 'fixes', 'rules', 'analysis'))],
  ['simulation and DNS', any(core('sim', 'dns', 'world', 'names'))],
  ['file format and migrations (reading, writing, share link)', any(core('file', 'share'), /serde|miniz|base64/)],
  ['model, edits, validation, history', any(core('model', 'edit', 'validate', 'history', 'objects', 'list', 'text', 'cost', 'generate', 'examples'))],
  ['editor UI (inspector, fields, findings, lists, shell)', any(/cas_planner_app/)],
  // A component's markup is inlined into Yew's generic `view`, whose name
  // does not say which component it is: counted apart, not guessed.
  ["components' markup (Yew's generic view: which component is not in the name)", any(/CompStateInner/)],
];

/** Custom sections (names, producers): in this build only, stripped from dist/. */
const isCustomSection = (n) => /subsection|custom section/.test(n);

/** The bytes of `wasmFile`'s items summed by the first of `groups` that matches each, else `rest`. */
function sumBy(items, groups, rest) {
  const totals = new Map([...groups.map(([o]) => [o, 0]), [rest, 0]]);
  let total = 0;
  for (const { name, shallow_size: size } of items) {
    if (isCustomSection(name)) continue;
    const owner = groups.find(([, test]) => test(name))?.[0] ?? rest;
    totals.set(owner, totals.get(owner) + size);
    total += size;
  }
  return { total, totals: [...totals].sort((a, b) => b[1] - a[1]) };
}

function items(wasmFile) {
  return JSON.parse(execFileSync('twiggy', ['top', '-n', '10000000', '--format', 'json', wasmFile], { maxBuffer: 1 << 28 }));
}

export function owners(wasmFile) {
  return sumBy(items(wasmFile), OWNERS, 'other (closures, drop glue, tables)');
}

export function features(wasmFile) {
  return sumBy(items(wasmFile), FEATURES, 'shared (std, Yew, bindings, data, glue)');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'target/profdist');
  const wasm = readdirSync(dir).find((f) => f.endsWith('.wasm'));
  if (!wasm) throw new Error(`size-owners: no .wasm in ${dir} (make profdist)`);
  const file = path.join(dir, wasm);
  const print = (title, { total, totals }) => {
    console.log(`== ${title} (${file}: the optimised module with names, ${statSync(file).size} bytes with them) ==`);
    for (const [owner, bytes] of totals) {
      console.log(`  ${String(bytes).padStart(9)} B ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${owner}`);
    }
    console.log(`  ${String(total).padStart(9)} B  100.0 %  code and data (dist/'s wasm without the names)`);
  };
  print("Who owns the wasm's bytes, by crate", owners(file));
  // Raw bytes of code: each feature's share of the compressed download is
  // about the same share of dist/'s wasm (bench's size table).
  print("What each feature costs, raw (its share of the download is about its share here)", features(file));
}
