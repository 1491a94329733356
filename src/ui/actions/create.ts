/** The create form's submission: kubectl create deployment, then (optionally) kubectl expose. */
import type { KubectlOutput } from '../../protocol/facade';
import { createDeploymentCmd, exposeCmd, type DeploymentForm } from './commands';
import { runCommand } from './run';
import { openRef } from './navigation';

/** The optional Service of the create form. */
export interface ServiceForm {
  port: number;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
}

/** Checks the form before anything runs; returns field errors (empty when fine). */
export function validateDeploymentForm(f: DeploymentForm, svc: ServiceForm | null): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = 'a name is required';
  if (!f.image.trim()) e.image = 'an image is required, for example nginx:1.27';
  if (!Number.isInteger(f.replicas) || f.replicas < 0) e.replicas = 'replicas must be a whole number, 0 or more';
  if (f.port !== undefined && f.port !== 0 && (!Number.isInteger(f.port) || f.port < 1 || f.port > 65535)) e.port = 'a port is a number from 1 to 65535';
  if (svc && (!Number.isInteger(svc.port) || svc.port < 1 || svc.port > 65535)) e.servicePort = 'a port is a number from 1 to 65535';
  if (svc && !(f.port && f.port > 0) && !svc.port) e.servicePort = 'the service needs a port';
  return e;
}

/** Runs the commands; returns each command's output. Opens the new deployment on success. */
export async function submitDeploymentForm(f: DeploymentForm, svc: ServiceForm | null): Promise<Array<{ line: string; out: KubectlOutput }>> {
  const results: Array<{ line: string; out: KubectlOutput }> = [];
  const line = createDeploymentCmd(f);
  const out = await runCommand(line, { source: 'dialog' });
  results.push({ line, out });
  if (out.exitCode !== 0) return results;
  if (svc) {
    const l2 = exposeCmd({ name: f.name, port: svc.port, type: svc.type, namespace: f.namespace });
    results.push({ line: l2, out: await runCommand(l2, { source: 'dialog' }) });
  }
  openRef('Deployment', f.namespace, f.name);
  return results;
}
