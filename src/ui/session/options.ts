/** Options of a new cluster taken from the page address. */
import type { InitRequest } from '../../protocol/facade';

/** Options of a new cluster from the address (`?nodes=12&seed=7`), for demos with more room. */
export function clusterOptionsFromUrl(search: string): InitRequest['cluster'] {
  const p = new URLSearchParams(search);
  const nodes = Number(p.get('nodes'));
  const seed = Number(p.get('seed'));
  const out: NonNullable<InitRequest['cluster']> = {};
  if (Number.isInteger(nodes) && nodes >= 1 && nodes <= 500) out.nodes = nodes;
  if (p.get('seed') !== null && Number.isInteger(seed)) out.seed = seed;
  return Object.keys(out).length ? out : undefined;
}
