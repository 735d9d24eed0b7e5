import { measureWarmFirstRender, baselineDistDir } from '/work/main/scripts/bench.mjs';
import { launchBrowser } from '/work/main/tests/e2e/helpers.mjs';
const b = await launchBrowser();
const r = await measureWarmFirstRender(b, [process.env.DIST ?? '/work/main/dist', baselineDistDir], Number(process.env.RUNS ?? 10));
for (const s of r.summaries) console.log(s.median.toFixed(1), JSON.stringify(s.phases));
console.log(r.ratios.map(x=>x.toFixed(2)).join(' '));
await b.close();
