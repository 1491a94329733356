/** For a pod: the scheduler's decision, why this node, and why not the others. */
import { useEffect } from 'react';
import type { KObject } from '../../../protocol/batch';
import { useApp } from '../../state/store';
import { loadExplanation } from '../../actions/run';
import { StatusPill } from '../StatusPill';

/** The scheduling tab of a pod. */
export function SchedulingTab({ pod }: { pod: KObject }) {
  const ns = pod.metadata.namespace ?? 'default';
  const key = `${ns}/${pod.metadata.name}`;
  const answer = useApp((s) => s.explanations[key]);
  const rv = pod.metadata.resourceVersion;
  useEffect(() => {
    void loadExplanation(ns, pod.metadata.name);
  }, [ns, pod.metadata.name, rv]);
  if (!answer || answer === 'loading') return <p className="muted">Asking the scheduler…</p>;
  if (!answer.ok)
    return (
      <div className="notice warn">
        <strong>No explanation available.</strong>
        <pre className="err">{answer.error}</pre>
      </div>
    );
  const x = answer.explanation;
  const nodes = [...x.nodes].sort((a, b) => (a.rejectedBy ? 1 : 0) - (b.rejectedBy ? 1 : 0) || (b.score ?? 0) - (a.score ?? 0) || (a.node < b.node ? -1 : 1));
  const best = Math.max(1, ...nodes.map((n) => n.score ?? 0));
  const feasible = nodes.filter((n) => !n.rejectedBy).length;
  return (
    <div className="scheduling">
      <p className="sched-summary">
        {x.boundTo ? (
          <>
            Bound to <strong>{x.boundTo}</strong>.{' '}
          </>
        ) : (
          <>Not bound to a node yet. </>
        )}
        {feasible} of {nodes.length} nodes pass every filter.
        {x.chosen && x.chosen !== x.boundTo ? (
          <>
            {' '}
            Scheduled now, the scheduler would pick <strong>{x.chosen}</strong> (the cluster changed since).
          </>
        ) : null}
      </p>
      {x.message ? <pre className="err">{x.message}</pre> : null}
      <ul className="sched-nodes">
        {nodes.map((n) => {
          const verdict = n.rejectedBy ? 'filtered out' : n.node === x.boundTo ? 'bound here' : n.node === x.chosen ? 'best now' : 'feasible';
          const tone = n.rejectedBy ? 'error' : n.node === x.boundTo ? 'ok' : n.node === x.chosen ? 'progress' : 'info';
          return (
            <li key={n.node} className={`sched-node ${n.rejectedBy ? 'rejected' : ''}`} data-node={n.node}>
              <div className="sched-head">
                <span className="sched-name">{n.node}</span>
                <StatusPill text={verdict} tone={tone} />
                {n.rejectedBy ? null : (
                  <span className="sched-score" title="Total weighted score">
                    <span className="bar-track">
                      <span className="bar-fill" style={{ width: `${((n.score ?? 0) / best) * 100}%` }} />
                    </span>
                    <span className="mono">{n.score ?? 0}</span>
                  </span>
                )}
              </div>
              {n.rejectedBy ? (
                <div className="sched-detail">
                  <span className="mono">{n.rejectedBy}</span>: {n.reason}
                </div>
              ) : (
                <div className="sched-detail muted">
                  {Object.entries(n.scores ?? {})
                    .map(([k, v]) => `${k} ${v}`)
                    .join(' · ')}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
