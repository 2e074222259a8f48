#!/usr/bin/env node
// RTLens on real repositories (bench/README.md, "Real repositories"):
//
//   node bench/real/run.mjs [DIR] [--repos a,b] [--samples 200] [--seed 1] [--repeats 1]
//                           [--oracle-budget 45] [--oracle-jobs 1] [--budget 600] [--no-oracle] [--no-lsp]
//
// DIR (else RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real) holds one repository per
// subfolder. Without one it prints "skipped: no corpus (set RTLENS_REAL_DIR)" and exits 0.
// Progress goes to stderr; the table to stdout; everything to bench/results/real.json.
import { ensureBuilt } from '../lib.mjs';
import { benchReal, corpusDir, realReport } from './bench.mjs';

function parseArgs(argv) {
  const opts = { samples: 200, seed: 1, repeats: 1, oracleBudgetS: 45, oracleJobs: 1, totalBudgetS: 600, lsp: true, useOracle: true };
  const numeric = { '--samples': 'samples', '--seed': 'seed', '--repeats': 'repeats', '--oracle-budget': 'oracleBudgetS', '--oracle-jobs': 'oracleJobs', '--budget': 'totalBudgetS' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-oracle') opts.useOracle = false;
    else if (a === '--no-lsp') opts.lsp = false;
    else if (a === '--repos') opts.only = argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    else if (numeric[a]) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      opts[numeric[a]] = v;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/real/run.mjs [DIR] [--repos a,b] [--samples N] [--seed N] [--repeats N] [--oracle-budget S] [--oracle-jobs N] [--budget S] [--no-oracle] [--no-lsp]');
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.dir = a;
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!corpusDir(opts.dir)) {
    console.log(`skipped: no corpus (set RTLENS_REAL_DIR)${opts.dir ? `: ${opts.dir} is not a folder` : ''}`);
    return;
  }
  ensureBuilt((m) => process.stderr.write(m + '\n'));
  const result = await benchReal(opts);
  console.log(realReport(result));
  if (!result.skipped) console.log('\nfull results: bench/results/real.json');
}

main().catch((error) => {
  process.stderr.write((error?.stack ?? String(error)) + '\n');
  process.exitCode = 1;
});
