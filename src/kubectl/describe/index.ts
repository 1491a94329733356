/** kubectl describe's describers (see describers.ts) and its output helpers (writer.ts). */
export { describeObject, registerDescriber, type DescribeContext } from './describers';
export { PrefixWriter, tabbedString } from './writer';
