import { measureEditLatency, measurePlanEditLatency, quantile } from './bench.mjs';
import { launchBrowser } from '../tests/e2e/helpers.mjs';
const b = await launchBrowser();
const dist = process.env.DIST ?? 'dist';
const show = (k, m) => console.log(k, 'median', m.median.toFixed(1), 'p90', quantile(m.samples, 0.9).toFixed(1));
const e = await measureEditLatency(b, dist, 'target/large.casplan.json');
for (const k of ['perimeter', 'client', 'cas']) show(k, e[k]);
if (process.env.PLAN) { const p = await measurePlanEditLatency(b, dist, 'target/large-plan.casplan.json'); for (const k of ['perimeter', 'client', 'names']) show('plan ' + k, p[k]); }
await b.close();
