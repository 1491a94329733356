/**
 * `npm run fuzz [-- [--ops N] [--from S --count N] [SEED...]]`: long fuzz runs. Without seeds it
 * runs seeds 1..200. Each failing seed is printed with its operation log; the exit status is 1 if
 * any failed. Reproduce one with `npm run fuzz -- SEED` (and `--ops N` if it was not the default),
 * then pin it in fuzz.test.ts.
 */
import { runFuzz } from './fuzz';

function parseArgs(argv: string[]): { seeds: number[]; ops: number } {
  let ops = 100;
  let from = 1;
  let count = 200;
  const seeds: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a non-negative integer`);
      return v;
    };
    if (a === '--ops') ops = value();
    else if (a === '--from') from = value();
    else if (a === '--count') count = value();
    else if (/^\d+$/.test(a)) seeds.push(Number(a));
    else throw new Error(`usage: npm run fuzz -- [--ops N] [--from S --count N] [SEED...]  (unknown argument ${a})`);
  }
  if (!seeds.length) for (let s = from; s < from + count; s++) seeds.push(s);
  return { seeds, ops };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const failed: number[] = [];
  const started = Date.now();
  for (const seed of args.seeds) {
    const t = Date.now();
    try {
      const r = await runFuzz({ seed, ops: args.ops });
      console.log(`seed ${seed}: ok (${args.ops} operations, ${r.steps} steps checked, ${r.cleanRollouts} rollouts bound-checked, ${Date.now() - t} ms)`);
    } catch (e) {
      failed.push(seed);
      console.log(`seed ${seed}: FAILED\n${(e as Error).message}\n`);
    }
  }
  console.log(`\n${args.seeds.length - failed.length}/${args.seeds.length} seeds passed in ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(' ')} (rerun with: npm run fuzz -- --ops ${args.ops} ${failed.join(' ')})` : ''}`);
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
