import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeJsonPath, goSharpV, goSprint, JsonPathError, parseJsonPath, relaxedJsonPath } from './jsonpath';

const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'jsonpath-cases.json'), 'utf8')) as {
  object: unknown;
  cases: Array<{ template: string; stdout: string; asJson?: boolean }>;
};

describe('executeJsonPath against real kubectl 1.32 output', () => {
  it.each(recorded.cases.map((c) => [c.template, c] as const))('%s', (_t, c) => {
    const got = executeJsonPath(c.template, recorded.object, { outputJson: c.asJson });
    if (c.template.includes('..')) {
      // Recursive descent walks Go maps in random order: compare the words, not their order.
      expect(got.split(' ').sort()).toEqual(c.stdout.split(' ').sort());
    } else expect(got).toBe(c.stdout);
  });
});

describe('jsonpath', () => {
  const list = { items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] };

  it('ranges over list items', () => {
    expect(executeJsonPath('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toBe('a\nb\n');
  });

  it('prints nothing after {end} when the range is empty (as client-go does)', () => {
    expect(executeJsonPath('{range .items[*]}{.x}{end}done', { items: [] })).toBe('');
  });

  it.each([
    ['{.a', 'unclosed action'],
    ['{.items[x]}', 'invalid array index x'],
    ['{.items[?(@.a=="b"}', 'unterminated filter'],
    ['{!}', "unrecognized character in action: U+0021 '!'"],
    ['{end}', 'not in range, nothing to end'],
  ])('rejects %s with %s', (tmpl, msg) => {
    expect(() => executeJsonPath(tmpl, list)).toThrow(new JsonPathError(msg));
  });

  it('reports out-of-range indexes as client-go does', () => {
    expect(() => executeJsonPath('{.items[3]}', list)).toThrow('array index out of bounds: index 3, length 2');
  });

  it('errors on missing keys only when asked to', () => {
    expect(executeJsonPath('{.nope}', list)).toBe('');
    expect(() => executeJsonPath('{.nope}', list, { allowMissingKeys: false })).toThrow('nope is not found');
  });

  it.each([
    ['metadata.name', '{.metadata.name}'],
    ['.metadata.name', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
  ])('relaxedJsonPath(%s) = %s', (a, b) => {
    expect(relaxedJsonPath(a)).toBe(b);
  });

  it('formats Go values as fmt does', () => {
    expect(goSprint({ b: 1, a: ['x', null] })).toBe('map[a:[x <nil>] b:1]');
    expect(goSharpV({ a: null, b: [1, 's'] })).toBe('map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "s"}}');
  });

  it('parses text and actions', () => {
    expect(parseJsonPath('x{.a}y').nodes.map((n) => n.t)).toEqual(['text', 'list', 'text']);
  });
});
