/**
 * Object actions where users expect them (detail panel, toolbar): each asks what it needs in a
 * dialog, then runs the kubectl command a user would type.
 */
import type { KObject } from '../../protocol/batch';
import { engine } from '../session/session';
import { getApp, setApp, type Dialog } from '../state/store';
import { viewForKind } from '../views';
import * as cmd from './commands';
import { runAction, runCommand } from './run';
import { closeDetail } from './navigation';

/** Opens a dialog. */
export function openDialog(d: Dialog): void {
  setApp({ dialog: d });
}

/** Closes the open dialog. */
export function closeDialog(): void {
  setApp({ dialog: null });
}

/** The kubectl reference of an object (`deployment`, name, namespace). */
export function refOf(o: KObject): cmd.ObjectRef {
  return { resource: o.kind.toLowerCase(), name: o.metadata.name, namespace: o.metadata.namespace ?? null };
}

/** Validates a replica count typed by the user. */
export function validateReplicas(v: string): string | null {
  if (!/^\d+$/.test(v.trim())) return 'enter a whole number of replicas (0 or more)';
  return null;
}

/** Asks for a replica count and scales. */
export function promptScale(o: KObject): void {
  openDialog({
    type: 'prompt',
    title: `Scale ${o.kind.toLowerCase()} ${o.metadata.name}`,
    label: 'Replicas',
    initial: String(o.spec?.replicas ?? 1),
    confirm: 'Scale',
    validate: validateReplicas,
    onSubmit: (v) => void runCommand(cmd.scaleCmd(refOf(o), Number(v.trim()))),
  });
}

/** Asks for a new image of the first container and runs kubectl set image. */
export function promptSetImage(o: KObject): void {
  const containers = (o.spec?.template?.spec?.containers ?? []) as Array<{ name: string; image: string }>;
  const first = containers[0];
  if (!first) return;
  openDialog({
    type: 'prompt',
    title: `Change the image of ${o.metadata.name}`,
    label: `Image of container "${first.name}"`,
    initial: first.image,
    confirm: 'Set image',
    validate: (v) => (v.trim() ? null : 'enter an image, for example nginx:1.27'),
    onSubmit: (v) => void runCommand(cmd.setImageCmd(refOf(o), first.name, v.trim())),
  });
}

/** Asks, then deletes. */
export function confirmDelete(o: KObject): void {
  openDialog({
    type: 'confirm',
    title: `Delete ${o.kind.toLowerCase()} ${o.metadata.name}?`,
    body: cmd.deleteCmd(refOf(o)),
    confirm: 'Delete',
    danger: true,
    onConfirm: () => {
      void runCommand(cmd.deleteCmd(refOf(o))).then((r) => {
        if (r.exitCode === 0 && getApp().route.selected?.name === o.metadata.name) closeDetail();
      });
    },
  });
}

/** kubectl rollout restart. */
export function rolloutRestart(o: KObject): void {
  void runCommand(cmd.rolloutRestartCmd(refOf(o)));
}

/** kubectl rollout undo (to the previous revision). */
export function rolloutUndo(o: KObject): void {
  void runCommand(cmd.rolloutUndoCmd(refOf(o)));
}

/** kubectl cordon / uncordon. */
export function setCordoned(node: KObject, cordon: boolean): void {
  void runCommand(cmd.cordonCmd(node.metadata.name, cordon));
}

/** kubectl drain (ignoring DaemonSets), after a confirmation. */
export function confirmDrain(node: KObject): void {
  openDialog({
    type: 'confirm',
    title: `Drain ${node.metadata.name}?`,
    body: cmd.drainCmd(node.metadata.name),
    confirm: 'Drain',
    danger: true,
    onConfirm: () => void runCommand(cmd.drainCmd(node.metadata.name)),
  });
}

/** Stops a node's kubelet (as if it lost power), to show rescheduling. */
export function stopNode(node: KObject): void {
  void runAction(`# stop node ${node.metadata.name} (its kubelet stops; pods are rescheduled after the 300 s toleration)`, () => engine().stopNode(node.metadata.name));
}

/** Starts a stopped node again. */
export function startNode(node: KObject): void {
  void runAction(`# start node ${node.metadata.name}`, () => engine().startNode(node.metadata.name));
}

/** Whether the dashboard offers rollout actions for an object. */
export function hasRollouts(o: KObject): boolean {
  return o.kind === 'Deployment' || o.kind === 'DaemonSet';
}

/** Whether an object can be scaled. */
export function isScalable(o: KObject): boolean {
  return o.kind === 'Deployment' || o.kind === 'ReplicaSet';
}

/** Whether the object's kind has a view (links to it work). */
export function hasView(kind: string): boolean {
  return !!viewForKind(kind);
}
