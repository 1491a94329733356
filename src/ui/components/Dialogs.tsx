/** The dialogs: create a deployment, apply YAML, confirm, prompt, jump to a kind, keyboard help. */
import { useMemo, useRef, useState } from 'react';
import { useApp, type Dialog } from '../state/store';
import { closeDialog } from '../actions/objects';
import { createDeploymentCmd, exposeCmd, APPLY_STDIN_CMD } from '../actions/commands';
import { submitDeploymentForm, validateDeploymentForm, type ServiceForm } from '../actions/create';
import { runCommand } from '../actions/run';
import { openView } from '../actions/navigation';
import { KEYS } from '../actions/keyboard';
import type { KubectlOutput } from '../../protocol/facade';
import { VIEWS, viewForAlias } from '../views';
import { Icon } from './Icon';

function Modal({ title, children, wide, labelledBy = 'dialog-title' }: { title: string; children: React.ReactNode; wide?: boolean; labelledBy?: string }) {
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeDialog()}>
      <div className={`modal ${wide ? 'wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={labelledBy}>
        <div className="modal-head">
          <h2 id={labelledBy}>{title}</h2>
          <button type="button" className="btn icon-btn" onClick={closeDialog} aria-label="Close">
            <Icon name="close" />
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

/** kubectl output as a terminal would show it. */
export function Output({ results }: { results: Array<{ line: string; out: KubectlOutput }> }) {
  if (!results.length) return null;
  return (
    <div className="output" data-testid="kubectl-output">
      {results.map((r, i) => (
        <div key={i}>
          <div className="cmd-line">
            <span className="prompt">$</span> {r.line}
          </div>
          {r.out.stdout ? <pre className="out">{r.out.stdout}</pre> : null}
          {r.out.stderr ? <pre className="err">{r.out.stderr}</pre> : null}
        </div>
      ))}
    </div>
  );
}

const IMAGES = ['nginx', 'nginx:1.27', 'nginx:1.26', 'nginx:alpine', 'httpd', 'httpd:2.4', 'busybox', 'redis', 'registry.k8s.io/echoserver:1.10', 'hashicorp/http-echo'];

function CreateDialog() {
  const routeNs = useApp((s) => s.route.namespace) ?? 'default';
  const namespaces = useApp((s) => s.mirror.kinds.Namespace);
  const nsNames = useMemo(() => [...(namespaces?.values() ?? [])].map((o) => o.metadata.name).sort(), [namespaces]);
  const [ns, setNs] = useState(routeNs);
  const [name, setName] = useState('web');
  const [image, setImage] = useState('nginx:1.27');
  const [replicas, setReplicas] = useState('3');
  const [port, setPort] = useState('80');
  const [withService, setWithService] = useState(false);
  const [svcPort, setSvcPort] = useState('80');
  const [svcType, setSvcType] = useState<ServiceForm['type']>('ClusterIP');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Array<{ line: string; out: KubectlOutput }>>([]);
  const form = { name: name.trim(), image: image.trim(), replicas: Number(replicas), port: port.trim() ? Number(port) : 0, namespace: ns };
  const svc: ServiceForm | null = withService ? { port: Number(svcPort), type: svcType } : null;
  const errors = validateDeploymentForm(form, svc);
  const preview = [createDeploymentCmd(form), ...(svc ? [exposeCmd({ name: form.name, port: svc.port, type: svc.type, namespace: ns })] : [])];
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (Object.keys(errors).length || busy) return;
    setBusy(true);
    const r = await submitDeploymentForm(form, svc);
    setBusy(false);
    setResults(r);
    if (r.every((x) => x.out.exitCode === 0)) closeDialog();
  };
  const err = (k: string) => (errors[k] ? <span className="field-error">{errors[k]}</span> : null);
  return (
    <Modal title="Create a Deployment">
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-row">
          <label>
            <span>Name</span>
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} autoComplete="off" />
            {err('name')}
          </label>
          <label>
            <span>Namespace</span>
            <select name="namespace" value={ns} onChange={(e) => setNs(e.target.value)}>
              {(nsNames.includes(ns) ? nsNames : [ns, ...nsNames]).map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        </div>
        <label>
          <span>Image</span>
          <input name="image" value={image} onChange={(e) => setImage(e.target.value)} list="podium-images" spellCheck={false} autoComplete="off" />
          <datalist id="podium-images">
            {IMAGES.map((i) => (
              <option key={i} value={i} />
            ))}
          </datalist>
          {err('image')}
        </label>
        <div className="form-row">
          <label>
            <span>Replicas</span>
            <input name="replicas" type="number" min={0} value={replicas} onChange={(e) => setReplicas(e.target.value)} />
            {err('replicas')}
          </label>
          <label>
            <span>Container port</span>
            <input name="port" type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} placeholder="none" />
            {err('port')}
          </label>
        </div>
        <fieldset className="svc">
          <label className="check">
            <input type="checkbox" name="service" checked={withService} onChange={(e) => setWithService(e.target.checked)} />
            <span>Also create a Service (kubectl expose)</span>
          </label>
          {withService ? (
            <div className="form-row">
              <label>
                <span>Service port</span>
                <input name="servicePort" type="number" value={svcPort} onChange={(e) => setSvcPort(e.target.value)} />
                {err('servicePort')}
              </label>
              <label>
                <span>Type</span>
                <select name="serviceType" value={svcType} onChange={(e) => setSvcType(e.target.value as ServiceForm['type'])}>
                  <option>ClusterIP</option>
                  <option>NodePort</option>
                  <option>LoadBalancer</option>
                </select>
              </label>
            </div>
          ) : null}
        </fieldset>
        {results.length ? (
          <Output results={results} />
        ) : (
          <div className="preview" aria-label="Commands that will run">
            {preview.map((l) => (
              <div key={l} className="cmd-line">
                <span className="prompt">$</span> {l}
              </div>
            ))}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy || Object.keys(errors).length > 0}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const SAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  labels:
    app: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: hello
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

function ApplyDialog({ initial }: { initial?: string }) {
  const [text, setText] = useState(initial ?? SAMPLE);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Array<{ line: string; out: KubectlOutput }>>([]);
  const fileRef = useRef<HTMLInputElement>(null);
  const submit = async () => {
    setBusy(true);
    const out = await runCommand(APPLY_STDIN_CMD, { stdin: text, source: 'dialog' });
    setBusy(false);
    setResults([{ line: APPLY_STDIN_CMD, out }]);
  };
  return (
    <Modal title="Apply YAML" wide>
      <div className="form">
        <p className="note">
          Paste one or more manifests (separated by <code>---</code>). They run through <code>kubectl apply -f -</code>, exactly as in a terminal.
        </p>
        <textarea
          className="yaml-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          aria-label="Manifest"
          rows={18}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
            if (e.key === 'Tab') {
              e.preventDefault();
              const el = e.currentTarget;
              const { selectionStart: a, selectionEnd: b } = el;
              setText(text.slice(0, a) + '  ' + text.slice(b));
              requestAnimationFrame(() => el.setSelectionRange(a + 2, a + 2));
            }
          }}
        />
        <Output results={results} />
        <div className="modal-actions">
          <button type="button" className="btn" onClick={() => fileRef.current?.click()}>
            <Icon name="upload" /> Load file…
          </button>
          <input
            ref={fileRef}
            type="file"
            hidden
            accept=".yaml,.yml,.json"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) setText(await f.text());
            }}
          />
          <div className="spacer" />
          <button type="button" className="btn" onClick={closeDialog}>
            Close
          </button>
          <button type="button" className="btn primary" disabled={busy || !text.trim()} onClick={() => void submit()} title="Ctrl+Enter">
            {busy ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </div>
    </Modal>
  );
}

function ConfirmDialog({ d }: { d: Extract<Dialog, { type: 'confirm' }> }) {
  return (
    <Modal title={d.title}>
      <div className="form">
        <p className={d.body.startsWith('kubectl') ? 'cmd-line' : ''}>
          {d.body.startsWith('kubectl') ? <span className="prompt">$ </span> : null}
          {d.body}
        </p>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={closeDialog} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${d.danger ? 'danger-solid' : 'primary'}`}
            onClick={() => {
              closeDialog();
              d.onConfirm();
            }}
          >
            {d.confirm}
          </button>
        </div>
      </div>
    </Modal>
  );
}

function PromptDialog({ d }: { d: Extract<Dialog, { type: 'prompt' }> }) {
  const [v, setV] = useState(d.initial);
  const error = d.validate?.(v) ?? null;
  return (
    <Modal title={d.title}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (error) return;
          closeDialog();
          d.onSubmit(v);
        }}
      >
        <label>
          <span>{d.label}</span>
          <input value={v} onChange={(e) => setV(e.target.value)} autoFocus onFocus={(e) => e.currentTarget.select()} spellCheck={false} name="value" />
          {error ? <span className="field-error">{error}</span> : null}
        </label>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={!!error}>
            {d.confirm}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Palette() {
  const [text, setText] = useState('');
  const [index, setIndex] = useState(0);
  const matches = useMemo(() => {
    const t = text.trim().toLowerCase();
    if (!t) return VIEWS;
    const exact = viewForAlias(t);
    const list = VIEWS.filter((v) => v.aliases.some((a) => a.includes(t)) || v.title.toLowerCase().includes(t));
    return exact ? [exact, ...list.filter((v) => v !== exact)] : list;
  }, [text]);
  const go = (i: number) => {
    const v = matches[i];
    if (!v) return;
    closeDialog();
    openView(v.id);
  };
  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeDialog()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Jump to a kind">
        <div className="palette-input">
          <span className="prompt">:</span>
          <input
            autoFocus
            value={text}
            placeholder="po, deploy, rs, svc, ep, no, ns, ev …"
            aria-label="Kind"
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value);
              setIndex(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') go(index);
              else if (e.key === 'ArrowDown') setIndex(Math.min(matches.length - 1, index + 1));
              else if (e.key === 'ArrowUp') setIndex(Math.max(0, index - 1));
              else return;
              e.preventDefault();
            }}
          />
        </div>
        <ul className="palette-list" role="listbox">
          {matches.map((v, i) => (
            <li key={v.id} role="option" aria-selected={i === index} className={i === index ? 'active' : ''} onMouseDown={() => go(i)}>
              <span>{v.title}</span>
              <span className="muted mono">:{v.short}</span>
            </li>
          ))}
          {!matches.length ? <li className="muted">No kind called “{text}”.</li> : null}
        </ul>
      </div>
    </div>
  );
}

function HelpDialog() {
  return (
    <Modal title="Keyboard">
      <table className="kv-table keys">
        <tbody>
          {KEYS.map(([k, d]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{d}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

/** Whichever dialog is open. */
export function Dialogs() {
  const d = useApp((s) => s.dialog);
  if (!d) return null;
  switch (d.type) {
    case 'create':
      return <CreateDialog />;
    case 'apply':
      return <ApplyDialog initial={d.initial} />;
    case 'confirm':
      return <ConfirmDialog d={d} />;
    case 'prompt':
      return <PromptDialog d={d} />;
    case 'palette':
      return <Palette />;
    case 'help':
      return <HelpDialog />;
  }
}
