/** The namespace picker ("All namespaces" or one), shared by every namespaced view. */
import { useMemo } from 'react';
import { useApp } from '../state/store';
import { objectsOf } from '../state/mirror';
import { setFilters } from '../actions/navigation';

/** A select of the cluster's namespaces. */
export function NamespacePicker() {
  const namespaces = useApp((s) => objectsOf(s.mirror, 'Namespace'));
  const current = useApp((s) => s.route.namespace);
  const names = useMemo(() => {
    const n = [...namespaces.values()].map((o) => o.metadata.name).sort();
    if (current !== null && !n.includes(current)) n.push(current);
    return n;
  }, [namespaces, current]);
  return (
    <label className="field ns">
      <span className="field-prefix">ns</span>
      <select aria-label="Namespace" value={current ?? '*'} onChange={(e) => setFilters({ namespace: e.target.value === '*' ? null : e.target.value })}>
        <option value="*">All namespaces</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
