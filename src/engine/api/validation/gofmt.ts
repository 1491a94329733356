/**
 * Go `%#v` renderings of the internal API types that appear as the bad value of field errors
 * (field.Error.ErrorBody prints non-primitive values with `%#v`), so messages read as a real API
 * server writes them: `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
 * MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
import { GoValue } from '../errors';

const q = (s: unknown) => JSON.stringify(String(s ?? ''));

/** `map[string]string{"a":"b"}`, `map[string]string{}` for an empty map, `map[string]string(nil)` when absent. */
export function goStringMapText(m: Record<string, string> | undefined | null): string {
  if (m == null || typeof m !== 'object') return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${q(k)}:${q(m[k])}`).join(', ')}}`;
}

/** A string map as a field error value. */
export function goStringMap(m: Record<string, string> | undefined | null): GoValue {
  return new GoValue(goStringMapText(m));
}

/** `[]string{"a", "b"}`, or `[]string(nil)` when absent. */
export function goStringSliceText(list: string[] | undefined | null): string {
  if (!Array.isArray(list)) return '[]string(nil)';
  return `[]string{${list.map(q).join(', ')}}`;
}

/** A string slice as a field error value. */
export function goStringSlice(list: string[] | undefined | null): GoValue {
  return new GoValue(goStringSliceText(list));
}

interface SelectorLike {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] | null }> | null;
}

/** A metav1.LabelSelector as `%#v` prints it (the pointer is dereferenced by ErrorBody). */
export function goLabelSelector(ls: SelectorLike | undefined | null): GoValue {
  const sel = ls ?? {};
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${q(e.key)}, Operator:${q(e.operator)}, Values:${goStringSliceText(e.values ?? undefined)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMapText(sel.matchLabels ?? undefined)}, MatchExpressions:${exprs}}`);
}

/** The text of an intstr.IntOrString: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`. */
export function goIntOrStringText(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${q(v)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}`;
}

/** An IntOrString (maxSurge, maxUnavailable, targetPort) as a field error value. */
export function goIntOrString(v: unknown): GoValue {
  return new GoValue(goIntOrStringText(v));
}

/** The (protocol, port) key upstream uses to find duplicate service ports, as `%#v` prints it. */
export function goServicePortKey(protocol: string, port: number): GoValue {
  return new GoValue(
    `core.ServicePort{Name:"", Protocol:${q(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${goIntOrStringText(0)}, NodePort:0}`,
  );
}

/** A core.Taint as `%#v` prints it. */
export function goTaint(t: { key?: string; value?: string; effect?: string; timeAdded?: string | null }): GoValue {
  const added = t.timeAdded ? `time.Date(${q(t.timeAdded)})` : '(*v1.Time)(nil)';
  return new GoValue(`core.Taint{Key:${q(t.key)}, Value:${q(t.value)}, Effect:${q(t.effect)}, TimeAdded:${added}}`);
}
