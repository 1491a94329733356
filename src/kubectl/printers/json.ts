/**
 * JSON as kubectl prints it: Go's encoding/json on unstructured objects (maps), so keys are
 * sorted by byte order; `json.MarshalIndent(obj, "", "    ")` for `-o json`, compact
 * `json.Marshal` for watch events. Go escapes `<`, `>`, `&`, U+2028 and U+2029 (HTML-safe by
 * default) and writes other control characters as `\u00XX` (encoding/json encode.go).
 */

/** Go's string encoding (encoding/json appendString with escapeHTML). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    switch (c) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
    }
    if (code < 0x20 || c === '<' || c === '>' || c === '&' || code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16).padStart(4, '0');
      continue;
    }
    out += c;
  }
  return out + '"';
}

function goNumber(n: number): string {
  // encoding/json: 'f' format between 1e-6 and 1e21, else 'e' with a short exponent (1e-07 -> 1e-7);
  // JavaScript's Number#toString makes the same choices.
  return String(n);
}

/**
 * Marshals a JSON value as Go does; `indent` is the per-level indent ('' for compact), and `sortKeys`
 * false keeps insertion order (typed objects, as `create --dry-run -o json` prints them).
 */
export function goJson(value: unknown, indent = '    ', sortKeys = true): string {
  const enc = (v: unknown, prefix: string): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return goJsonString(v);
    if (typeof v === 'number') return goNumber(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    const inner = prefix + indent;
    const nl = indent ? '\n' : '';
    const sep = indent ? ': ' : ':';
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      return `[${nl}${v.map((x) => inner + enc(x, inner)).join(`,${nl}`)}${nl}${prefix}]`;
    }
    const obj = v as Record<string, unknown>;
    let keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (sortKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!keys.length) return '{}';
    return `{${nl}${keys.map((k) => `${inner}${goJsonString(k)}${sep}${enc(obj[k], inner)}`).join(`,${nl}`)}${nl}${prefix}}`;
  };
  return enc(value, '');
}
