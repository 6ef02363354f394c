#!/usr/bin/env node
// Runs the API fuzz harness (test/reliability/fuzz.test.ts).
//   node scripts/fuzz.mjs              the CI budget (fixed seed, 2 cases of each kind per operation)
//   node scripts/fuzz.mjs --long       every malformed kind, 40 cases each, a random seed (printed)
//   node scripts/fuzz.mjs --seed 123 --runs 200
// DATABASE_URL selects PostgreSQL as for the rest of the suite.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const value = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const env = { ...process.env };
if (args.includes('--long')) env.FUZZ_LONG = '1';
if (value('--seed')) env.FUZZ_SEED = value('--seed');
if (value('--runs')) env.FUZZ_RUNS = value('--runs');
const result = spawnSync('npx', ['vitest', 'run', '--project', 'api', 'test/reliability/fuzz.test.ts'], {
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
