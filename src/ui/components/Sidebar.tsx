/** The navigation: views grouped as Headlamp groups them, with live object counts. */
import { useApp } from '../state/store';
import { objectsOf } from '../state/mirror';
import { VIEWS, type ViewDef } from '../views';
import { formatRoute } from '../state/route';

function NavItem({ def }: { def: ViewDef }) {
  const active = useApp((s) => s.route.view === def.id);
  const ns = useApp((s) => s.route.namespace);
  const count = useApp((s) => (def.kind ? objectsOf(s.mirror, def.kind).size : -1));
  const href = formatRoute({ view: def.id, namespace: ns, q: '', labels: '', wide: false, selected: null, tab: 'overview' });
  return (
    <a className={`nav-item ${active ? 'active' : ''}`} href={href} aria-current={active ? 'page' : undefined} data-view={def.id}>
      <span className="nav-title">{def.title}</span>
      {count >= 0 ? <span className="nav-count">{count}</span> : null}
    </a>
  );
}

/** The sidebar. */
export function Sidebar() {
  const groups = ['Cluster', 'Workloads', 'Network'] as const;
  return (
    <nav className="sidebar" aria-label="Resources">
      {groups.map((g) => (
        <div className="nav-group" key={g}>
          <div className="nav-group-title">{g}</div>
          {VIEWS.filter((v) => v.group === g).map((v) => (
            <NavItem key={v.id} def={v} />
          ))}
        </div>
      ))}
      <div className="nav-hint">
        <kbd>:</kbd> jump · <kbd>/</kbd> filter · <kbd>?</kbd> keys
      </div>
    </nav>
  );
}
