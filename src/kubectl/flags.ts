/**
 * Flag parsing with pflag's (cobra's) semantics and messages: `--name=value`, `--name value`,
 * `-n value`, `-nvalue`, grouped short booleans (`-it`), `--` ending the flags, flags anywhere
 * among the arguments, repeatable array flags, and the exact errors kubectl prints.
 */

/** The value kinds kubectl's flags use. */
export type FlagType = 'bool' | 'string' | 'int' | 'duration' | 'stringArray' | 'stringSlice';

/** One flag a verb accepts. */
export interface FlagSpec {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** Default as kubectl's help prints it. */
  default?: string | number | boolean | string[];
  /** Help text (kubectl's wording). */
  usage: string;
  /** For bool flags: accepted without a value (always, in pflag) */
  /** Flags of real kubectl that Podium does not implement: using one is a clear error. */
  unsupported?: boolean;
  /** Hidden from help. */
  hidden?: boolean;
  /** For string flags with NoOptDefVal (e.g. `--dry-run` means `--dry-run=unchanged`). */
  noOptDefault?: string;
}

/** Parsed flag values, by long name. */
export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

/** A flag error, printed as `error: <message>` plus the usage hint. */
export class FlagError extends Error {}

/** The result of parsing argv against flag specs. */
export interface Parsed {
  args: string[];
  flags: FlagValues;
  /** Long names of flags the user gave explicitly (cobra's Changed). */
  changed: Set<string>;
  /** Words after `--` (exec, run commands). */
  afterDash?: string[];
}

/** Parses a Go duration (`30s`, `1m30s`, `500ms`, `2h`, `0`) into ms; throws on bad syntax. */
export function parseGoDuration(s: string): number {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  let sign = 1;
  let body = s;
  if (body.startsWith('-')) {
    sign = -1;
    body = body.slice(1);
  }
  while ((m = re.exec(body))) {
    if (m.index !== consumed) break;
    consumed += m[0].length;
    const n = Number(m[1]);
    const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
    total += n * unit;
  }
  if (consumed !== body.length || !body.length) throw new Error(`time: invalid duration "${s}"`);
  return sign * total;
}

function setValue(spec: FlagSpec, raw: string, values: FlagValues, display: string): void {
  switch (spec.type) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 't', 'true'].includes(v)) values[spec.name] = true;
      else if (['0', 'f', 'false'].includes(v)) values[spec.name] = false;
      else throw new FlagError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
      return;
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw))
        throw new FlagError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      values[spec.name] = Number(raw);
      return;
    }
    case 'duration': {
      try {
        parseGoDuration(raw);
      } catch {
        throw new FlagError(`invalid argument "${raw}" for "${display}" flag: time: invalid duration "${raw}"`);
      }
      values[spec.name] = raw;
      return;
    }
    case 'stringArray': {
      const cur = (values[spec.name] as string[] | undefined) ?? [];
      values[spec.name] = [...cur, raw];
      return;
    }
    case 'stringSlice': {
      const cur = (values[spec.name] as string[] | undefined) ?? [];
      values[spec.name] = [...cur, ...(raw === '' ? [] : raw.split(','))];
      return;
    }
    default:
      values[spec.name] = raw;
  }
}

/**
 * Parses argv. `stopAtFirstArg` makes the first positional argument end flag parsing (as
 * `kubectl exec POD -- cmd` and `run NAME -- cmd` need for their command words).
 */
export function parseFlags(argv: string[], specs: FlagSpec[], opts: { interspersed?: boolean } = {}): Parsed {
  const interspersed = opts.interspersed ?? true;
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand!, s]));
  const values: FlagValues = {};
  const changed = new Set<string>();
  const args: string[] = [];
  let afterDash: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      afterDash = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (spec.unsupported) throw new FlagError(`flag --${name} is not supported by Podium`);
      changed.add(spec.name);
      if (eq >= 0) setValue(spec, a.slice(eq + 1), values, `--${name}`);
      else if (spec.type === 'bool') values[spec.name] = true;
      else if (spec.noOptDefault !== undefined) values[spec.name] = spec.noOptDefault;
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        setValue(spec, argv[++i], values, `--${name}`);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      // A group of shorthands: -it, -n foo, -nfoo, -n=foo
      let j = 1;
      while (j < a.length) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (spec.unsupported) throw new FlagError(`flag -${c} (--${spec.name}) is not supported by Podium`);
        changed.add(spec.name);
        const rest = a.slice(j + 1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            setValue(spec, rest.slice(1), values, `-${c}, --${spec.name}`);
            break;
          }
          values[spec.name] = true;
          j++;
          continue;
        }
        if (rest.startsWith('=')) setValue(spec, rest.slice(1), values, `-${c}, --${spec.name}`);
        else if (rest.length) setValue(spec, rest, values, `-${c}, --${spec.name}`);
        else if (spec.noOptDefault !== undefined) values[spec.name] = spec.noOptDefault;
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
          setValue(spec, argv[++i], values, `-${c}, --${spec.name}`);
        }
        break;
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      // Everything after the first positional argument is positional too.
      const rest = argv.slice(i + 1);
      const dash = rest.indexOf('--');
      if (dash >= 0) {
        args.push(...rest.slice(0, dash));
        afterDash = rest.slice(dash + 1);
      } else args.push(...rest);
      break;
    }
  }
  for (const s of specs) if (!(s.name in values) && s.default !== undefined) values[s.name] = s.default;
  return { args, flags: values, changed, afterDash };
}
