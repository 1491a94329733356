/** A kind's list: toolbar (namespace, filters, wide, create) and the generic table. */
import { useMemo } from 'react';
import type { KObject } from '../../protocol/batch';
import { useApp } from '../state/store';
import { objectsOf } from '../state/mirror';
import { compileLabelFilter, filterObjects } from '../state/filter';
import { columnsFor, searchText } from '../columns/specs';
import { VIEW_BY_ID, type ViewId } from '../views';
import { ResourceTable } from './ResourceTable';
import { openObject, setFilters } from '../actions/navigation';
import { openDialog } from '../actions/objects';
import { Icon } from './Icon';
import { NamespacePicker } from './NamespacePicker';
import { listThrottleMs, useThrottled } from '../hooks';

const searchCache = new WeakMap<KObject, string>();

/** The list of one view (not the overview). */
export function ListView({ view }: { view: Exclude<ViewId, 'overview'> }) {
  const def = VIEW_BY_ID[view];
  const route = useApp((s) => s.route);
  const liveObjects = useApp((s) => objectsOf(s.mirror, def.kind));
  const objects = useThrottled(liveObjects, listThrottleMs(liveObjects.size));
  const ghostMap = useApp((s) => s.mirror.ghosts[def.kind]);
  const loaded = useApp((s) => s.mirror.loaded);
  const readOnly = useApp((s) => s.session.role === 'follower');

  const labelFilter = useMemo(() => compileLabelFilter(route.labels), [route.labels]);
  const query = useMemo(() => ({ namespace: route.namespace, namespaced: def.namespaced, labels: labelFilter, text: route.q }), [route.namespace, def.namespaced, labelFilter, route.q]);
  const textOf = useMemo(
    () => (o: KObject) => {
      let t = searchCache.get(o);
      if (t === undefined) {
        t = searchText(view, o);
        searchCache.set(o, t);
      }
      return t;
    },
    [view],
  );
  const live = useMemo(() => filterObjects(objects.values(), query, textOf), [objects, query, textOf]);
  const ghostUids = useMemo(() => new Set(ghostMap ? [...ghostMap.keys()] : []), [ghostMap]);
  const rows = useMemo(() => {
    if (!ghostMap || ghostMap.size === 0) return live;
    const ghosts = filterObjects([...ghostMap.values()].map((g) => g.object), query, textOf);
    return filterObjects([...live, ...ghosts], { ...query, text: '', labels: { selector: null } }, textOf);
  }, [live, ghostMap, query, textOf]);

  const columns = useMemo(() => columnsFor(view, { wide: route.wide, allNamespaces: route.namespace === null, namespaced: def.namespaced }), [view, route.wide, route.namespace, def.namespaced]);
  const selectedUid = useMemo(() => {
    const sel = route.selected;
    if (!sel) return undefined;
    for (const o of objects.values()) if (o.metadata.name === sel.name && (!def.namespaced || o.metadata.namespace === sel.namespace)) return o.metadata.uid;
    return undefined;
  }, [route.selected, objects, def.namespaced]);

  const total = def.namespaced && route.namespace !== null ? live.length : objects.size;
  const filtered = route.q || route.labels;
  return (
    <section className="list" aria-label={def.title}>
      <div className="toolbar">
        <h1 className="view-title">
          {def.title}
          <span className="count" data-testid="row-count">
            {filtered ? `${live.length} of ${total}` : live.length}
          </span>
        </h1>
        {def.namespaced ? <NamespacePicker /> : null}
        <label className="field search">
          <Icon name="search" />
          <input
            id="list-filter"
            type="search"
            placeholder="Filter  ( / )"
            value={route.q}
            onChange={(e) => setFilters({ q: e.target.value })}
            aria-label="Filter by text"
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <label className={`field labels ${labelFilter.error ? 'invalid' : ''}`} title={labelFilter.error ?? 'Label selector, as kubectl -l: app=web,tier!=db,env in (a,b),!legacy'}>
          <span className="field-prefix">-l</span>
          <input
            id="label-filter"
            type="text"
            placeholder="app=web"
            value={route.labels}
            onChange={(e) => setFilters({ labels: e.target.value })}
            aria-label="Label selector"
            aria-invalid={!!labelFilter.error}
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <button type="button" className={`btn toggle ${route.wide ? 'on' : ''}`} aria-pressed={route.wide} onClick={() => setFilters({ wide: !route.wide })} title="Show the -o wide columns">
          <Icon name="wide" /> <span className="btn-label">Wide</span>
        </button>
        <div className="spacer" />
        <button type="button" className="btn" disabled={readOnly} onClick={() => openDialog({ type: 'apply' })}>
          <Icon name="upload" /> <span className="btn-label">Apply YAML</span>
        </button>
        {view === 'deployments' || view === 'pods' || view === 'replicasets' ? (
          <button type="button" className="btn primary" disabled={readOnly} onClick={() => openDialog({ type: 'create' })}>
            <Icon name="plus" /> Create
          </button>
        ) : null}
      </div>
      {labelFilter.error ? (
        <div className="filter-error" role="alert">
          error: {labelFilter.error}
        </div>
      ) : null}
      <ResourceTable
        key={`${view}`}
        label={def.title}
        rows={rows}
        columns={columns}
        defaultSort={view === 'events' ? [{ id: 'lastseen', desc: false }] : []}
        selectedUid={selectedUid}
        ghosts={ghostUids}
        onOpen={(o) => openObject(o)}
        empty={
          !loaded ? (
            <span className="muted">Starting the cluster…</span>
          ) : filtered ? (
            <span className="muted">No {def.title.toLowerCase()} match the filter.</span>
          ) : (
            <span className="muted">
              No resources found{def.namespaced ? (route.namespace ? ` in ${route.namespace} namespace` : '') : ''}.
            </span>
          )
        }
      />
    </section>
  );
}
