import { describe, expect, it } from 'vitest';
import { TabWriter, alignTable, type TabWriterOptions } from './tabwriter';

function run(opts: TabWriterOptions, ...chunks: string[]): string {
  let out = '';
  const w = new TabWriter((s) => (out += s), opts);
  for (const c of chunks) w.write(c);
  w.flush();
  return out;
}

// Cases from Go's src/text/tabwriter/tabwriter_test.go (minwidth, tabwidth, padding, padchar, flags).
describe('Go text/tabwriter semantics', () => {
  it.each<[string, number, number, number, string, boolean, string, string]>([
    ['2', 8, 0, 1, '.', false, '\n\n\n', '\n\n\n'],
    ['3', 8, 0, 1, '.', false, 'a\nb\nc', 'a\nb\nc'],
    ['4a', 8, 0, 1, '.', false, '\t', ''],
    ['4b', 8, 0, 1, '.', true, '\t', ''],
    ['5', 8, 0, 1, '.', false, '*\t*', '*.......*'],
    ['5b', 8, 0, 1, '.', false, '*\t*\n', '*.......*\n'],
    ['5c', 8, 0, 1, '.', false, '*\t*\t', '*.......*'],
    ['5d', 8, 0, 1, '.', true, '*\t*\t', '.......**'],
    ['6', 8, 0, 1, '.', false, '\t\n', '........\n'],
    ['7a', 8, 0, 1, '.', false, 'a) foo', 'a) foo'],
    ['7b', 8, 0, 1, ' ', false, 'b) foo\tbar', 'b) foo  bar'],
    ['7c', 8, 0, 1, '.', false, 'c) foo\tbar\t', 'c) foo..bar'],
    ['7d', 8, 0, 1, '.', false, 'd) foo\tbar\n', 'd) foo..bar\n'],
    ['7e', 8, 0, 1, '.', false, 'e) foo\tbar\t\n', 'e) foo..bar.....\n'],
    ['8', 8, 0, 1, '*', false, 'Hello, world!\n', 'Hello, world!\n'],
    ['9a', 1, 0, 0, '.', false, '1\t2\t3\t4\n11\t222\t3333\t44444\n', '1.2..3...4\n11222333344444\n'],
    ['10a', 5, 0, 0, '.', false, '1\t2\t3\t4\n', '1....2....3....4\n'],
    ['10b', 5, 0, 0, '.', false, '1\t2\t3\t4\t\n', '1....2....3....4....\n'],
    ['11', 8, 0, 1, '.', false, '本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n', '本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n'],
    ['12a', 8, 0, 1, ' ', true, 'a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n', '       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n'],
    ['12b', 2, 0, 0, ' ', false, 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n', 'a  b  c\naa bbbcccc\naaabbbb\n'],
    ['12c', 8, 0, 1, '_', false, 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n', 'a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n'],
    [
      '13a', 4, 0, 1, '-', false,
      '4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
      '4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n666666-666666-666666----4444\n1------1------999999999-0000000000\n',
    ],
    [
      '13b', 4, 0, 3, '.', false,
      '4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
      '4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n666666...666666...666666......4444\n1........1........999999999...0000000000\n',
    ],
    [
      '14', 1, 0, 2, ' ', true,
      '.0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t',
      '    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n   5.1        12.0    2.4    -7.0\n    .0         0.0  332.0  8908.0\n    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3',
    ],
    ['15a', 4, 0, 0, '.', false, 'a\t\tb', 'a.......b'],
  ])('case %s', (_name, minwidth, tabwidth, padding, padchar, alignRight, src, expected) => {
    expect(run({ minwidth, tabwidth, padding, padchar, alignRight }, src)).toBe(expected);
  });

  it('gives the same result however the input is split into writes', () => {
    const src = 'NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\nlonger-name-2\t0/1\tPending\n';
    const whole = run({ minwidth: 6, tabwidth: 4, padding: 3 }, src);
    expect(run({ minwidth: 6, tabwidth: 4, padding: 3 }, ...src.split(''))).toBe(whole);
  });
});

describe("kubectl's table writer (6, 4, 3, ' ', RememberWidths)", () => {
  it('aligns a get table as kubectl prints it', () => {
    expect(alignTable('NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb\t1/1\tRunning\t0\t5m\n')).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5m\n',
    );
  });

  it('keeps the header widths for rows flushed later (get --watch)', () => {
    let out = '';
    const w = TabWriter.forTables((s) => (out += s));
    w.write('NAME\tSTATUS\tAGE\nweb-1\tPending\t0s\n');
    w.flush();
    w.write('w\tRunning\t1s\n');
    w.flush();
    expect(out).toBe('NAME    STATUS    AGE\nweb-1   Pending   0s\nw       Running   1s\n');
  });

  it('widens remembered columns when a later row is wider, and forgets them when reset', () => {
    let out = '';
    const w = TabWriter.forTables((s) => (out += s));
    w.write('NAME\tAGE\na\t1s\n');
    w.flush();
    w.write('a-much-longer-name\t2s\n');
    w.flush();
    w.write('b\t3s\n');
    w.flush();
    w.setRememberedWidths(null);
    w.write('c\t4s\n');
    w.flush();
    expect(out.split('\n')).toEqual(['NAME   AGE', 'a      1s', 'a-much-longer-name   2s', 'b                    3s', 'c     4s', '']); // minwidth 6
  });

  it('without RememberWidths each flush aligns on its own', () => {
    let out = '';
    const w = new TabWriter((s) => (out += s), { minwidth: 6, tabwidth: 4, padding: 3 });
    w.write('NAME\tSTATUS\nweb-1\tPending\n');
    w.flush();
    w.write('w\tRunning\n');
    w.flush();
    expect(out).toBe('NAME    STATUS\nweb-1   Pending\nw     Running\n'); // minwidth 6, not the earlier 8
  });
});
