/**
 * Node selectors and node affinity as component-helpers scheduling/corev1/nodeaffinity evaluates
 * them: `spec.nodeSelector` (every label must equal) AND the required node affinity (any of its
 * nodeSelectorTerms; within a term every matchExpression and matchField must hold). A term with
 * neither expressions nor fields matches nothing; a term that fails to parse (a Gt with a
 * non-integer value, a matchField other than metadata.name) is dropped.
 */
import type { KObject } from '../api/types';

/** A NodeSelectorRequirement. */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** A NodeSelectorTerm. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

type Matcher = (labels: Record<string, string>, name: string) => boolean;

const INT_RE = /^[+-]?\d+$/;

/** Compiles one requirement on labels; undefined when it does not parse. */
function labelRequirement(r: NodeSelectorRequirement): ((labels: Record<string, string>) => boolean) | undefined {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (!vals.length) return undefined;
      return (l) => Object.prototype.hasOwnProperty.call(l, r.key) && vals.includes(l[r.key]);
    case 'NotIn':
      if (!vals.length) return undefined;
      return (l) => !Object.prototype.hasOwnProperty.call(l, r.key) || !vals.includes(l[r.key]);
    case 'Exists':
      if (vals.length) return undefined;
      return (l) => Object.prototype.hasOwnProperty.call(l, r.key);
    case 'DoesNotExist':
      if (vals.length) return undefined;
      return (l) => !Object.prototype.hasOwnProperty.call(l, r.key);
    case 'Gt':
    case 'Lt': {
      if (vals.length !== 1 || !INT_RE.test(vals[0])) return undefined;
      const bound = Number(vals[0]);
      const gt = r.operator === 'Gt';
      return (l) => {
        const v = l[r.key];
        if (v === undefined || !INT_RE.test(v)) return false;
        return gt ? Number(v) > bound : Number(v) < bound;
      };
    }
    default:
      return undefined;
  }
}

/** Compiles one matchFields requirement (only metadata.name with In/NotIn and one value). */
function fieldRequirement(r: NodeSelectorRequirement): ((name: string) => boolean) | undefined {
  if (r.key !== 'metadata.name') return undefined;
  const vals = r.values ?? [];
  if (vals.length !== 1) return undefined;
  if (r.operator === 'In') return (n) => n === vals[0];
  if (r.operator === 'NotIn') return (n) => n !== vals[0];
  return undefined;
}

/** Compiles a term; undefined when it is empty or does not parse (it then matches nothing). */
export function compileTerm(term: NodeSelectorTerm | undefined): Matcher | undefined {
  if (!term) return undefined;
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return undefined;
  const ls: Array<(l: Record<string, string>) => boolean> = [];
  for (const e of exprs) {
    const m = labelRequirement(e);
    if (!m) return undefined;
    ls.push(m);
  }
  const fs: Array<(n: string) => boolean> = [];
  for (const f of fields) {
    const m = fieldRequirement(f);
    if (!m) return undefined;
    fs.push(m);
  }
  return (labels, name) => {
    for (const m of ls) if (!m(labels)) return false;
    for (const m of fs) if (!m(name)) return false;
    return true;
  };
}

/** RequiredNodeAffinity: nodeSelector plus required node affinity terms, compiled once per pod. */
export class RequiredNodeAffinity {
  private readonly selector: Array<[string, string]>;
  private readonly terms: Matcher[] | undefined;

  /** Compiles the pod's nodeSelector and required node affinity. */
  constructor(pod: KObject) {
    this.selector = Object.entries((pod.spec?.nodeSelector as Record<string, string>) ?? {});
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = req ? ((req.nodeSelectorTerms ?? []) as NodeSelectorTerm[]).map(compileTerm).filter((m): m is Matcher => !!m) : undefined;
  }

  /** Whether the pod has neither a nodeSelector nor a required node affinity. */
  get empty(): boolean {
    return !this.selector.length && this.terms === undefined;
  }

  /** Whether a node with these labels and name satisfies both. */
  matches(labels: Record<string, string>, name: string): boolean {
    for (const [k, v] of this.selector) if (labels[k] !== v) return false;
    if (this.terms === undefined) return true;
    for (const t of this.terms) if (t(labels, name)) return true;
    return false;
  }

  /** Whether a node object satisfies both. */
  matchesNode(node: KObject): boolean {
    return this.matches(node.metadata.labels ?? {}, node.metadata.name);
  }
}

/**
 * NodeAffinity PreFilter: the node names the required affinity pins the pod to, when every term
 * has a `metadata.name In` matchField (as DaemonSet pods do); `undefined` = all nodes; an empty
 * set = the terms conflict. Within a term the names intersect; across terms they unite.
 */
export function affinityNodeNames(pod: KObject): Set<string> | undefined {
  const terms: NodeSelectorTerm[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    names = names ? new Set([...names, ...termNames]) : termNames;
  }
  return names;
}

/** A preferred term with its weight. */
export interface WeightedTerm {
  weight: number;
  match: Matcher;
}

/** The pod's preferred node affinity terms, compiled (terms with weight 0 or empty preference dropped). */
export function preferredTerms(pod: KObject): WeightedTerm[] {
  const prefs: Array<{ weight: number; preference: NodeSelectorTerm }> =
    pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const out: WeightedTerm[] = [];
  for (const p of prefs) {
    if (!p.weight) continue;
    const m = compileTerm(p.preference);
    if (m) out.push({ weight: p.weight, match: m });
  }
  return out;
}
