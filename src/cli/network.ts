/**
 * `curl`, `wget` and `nslookup` in the scenario shell: run as from the control-plane node of the
 * simulated cluster (network/host.ts), so ClusterIPs, node ports and load-balancer addresses
 * answer as they do on a real kind node, while cluster DNS names do not resolve there (the node's
 * resolver is Docker's). A command that times out advances the simulated clock by its wait, as
 * a real one would hold the script up.
 */
import type { ShellCommand } from './script';
import { runOnHost } from '../engine/network/host';

function hostCommand(prog: string): ShellCommand {
  return (args, io) => {
    const r = runOnHost(io.engine, [prog, ...args], { stdin: io.stdin });
    if (r.waitedMs > 0) io.engine.runtime.advance(r.waitedMs);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
}

/** The network commands the scenario shell adds to its builtins. */
export const NETWORK_COMMANDS: Record<string, ShellCommand> = {
  curl: hostCommand('curl'),
  wget: hostCommand('wget'),
  nslookup: hostCommand('nslookup'),
};
