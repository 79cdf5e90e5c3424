// npm run bench: runs every bench/*.bench.mjs and prints each figure as a ratio against a bare
// node:http server measured in the same run. BENCH_SECONDS sets each load's length (default 10);
// BENCH_ONLY=name runs one file.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY;
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only || f.includes(only))
  .sort();

const rows = [];
let failed = false;
for (const file of files) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  process.stdout.write(`\n## ${file}: ${mod.description ?? ''}\n`);
  try {
    for (const row of await mod.run()) {
      rows.push({ bench: file.replace('.bench.mjs', ''), ...row });
      process.stdout.write(`${formatRow(row)}\n`);
      if (row.pass === false) failed = true;
    }
  } catch (err) {
    failed = true;
    process.stdout.write(`  FAILED: ${err?.stack ?? err}\n`);
  }
}

process.stdout.write('\n## summary\n');
for (const row of rows) process.stdout.write(`${row.bench.padEnd(12)} ${formatRow(row)}\n`);
process.exit(failed ? 1 : 0);

function formatRow(row) {
  const parts = [`  ${row.name.padEnd(44)}`];
  if (row.rps !== undefined) parts.push(`${Math.round(row.rps).toString().padStart(7)} req/s`);
  if (row.p50 !== undefined) parts.push(`p50 ${row.p50} ms`, `p99 ${row.p99} ms`);
  if (row.ratio !== undefined) parts.push(`ratio ${row.ratio.toFixed(2)}x`);
  if (row.cpuUs !== undefined) {
    const ratio = row.cpuRatio === undefined ? '' : ` (${row.cpuRatio.toFixed(2)}x bare's)`;
    parts.push(`server CPU ${row.cpuUs.toFixed(0)} µs/req${ratio}`);
  }
  if (row.extra) parts.push(row.extra);
  if (row.target) parts.push(`target ${row.target} ${row.pass === false ? 'MISSED' : 'met'}`);
  return parts.join('  ');
}
