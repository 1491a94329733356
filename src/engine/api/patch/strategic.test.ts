import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerPatchType } from './meta';
import { createThreeWayMergePatch, createTwoWayMergePatch, strategicMergePatch, type JsonMap } from './strategic';

// The `MergeItem` type of apimachinery's strategicpatch tests (patch_test.go), re-stated as patch
// metadata so that upstream's own cases can run against our implementation.
registerPatchType('MergeItem', {
  name: { type: 'string' },
  value: { type: 'string' },
  other: { type: 'string' },
  mergingList: { type: { array: 'MergeItem' }, strategy: 'merge', mergeKey: 'name' },
  nonMergingList: { type: { array: 'MergeItem' } },
  mergingIntList: { type: { array: 'integer' }, strategy: 'merge' },
  nonMergingIntList: { type: { array: 'integer' } },
  mergeItemPtr: { type: 'MergeItem', strategy: 'merge', mergeKey: 'name' },
  simpleMap: { type: { map: 'string' } },
  replacingItem: { type: 'any', strategy: 'replace' },
  retainKeysMap: { type: 'RetainKeysMergeItem', strategy: 'retainKeys' },
  retainKeysMergingList: { type: { array: 'MergeItem' }, strategy: 'merge,retainKeys', mergeKey: 'name' },
});
registerPatchType('RetainKeysMergeItem', {
  name: { type: 'string' },
  value: { type: 'string' },
  other: { type: 'string' },
  simpleMap: { type: { map: 'string' } },
  mergingIntList: { type: { array: 'integer' }, strategy: 'merge' },
  mergingList: { type: { array: 'MergeItem' }, strategy: 'merge', mergeKey: 'name' },
  nonMergingList: { type: { array: 'MergeItem' } },
});

interface Case {
  description: string;
  original?: JsonMap;
  twoWay: JsonMap;
  modified?: JsonMap;
  twoWayResult?: JsonMap;
  current?: JsonMap;
  threeWay?: JsonMap;
  result?: JsonMap;
  error?: string;
}

/** Patches compare with their `$setElementOrder` lists kept but merging lists sorted by key, as upstream compares them. */
function sortLists(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(sortLists);
    const key = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? String((x as JsonMap).name ?? '') : String(x));
    return items.every((x) => x && typeof x === 'object' && 'name' in (x as object)) || items.every((x) => typeof x !== 'object')
      ? [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
      : items;
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k.startsWith('$setElementOrder') ? x : sortLists(x)]));
  return v;
}

// Cases from apimachinery's patch_test.go (customStrategicMergePatchTestCaseData and
// strategicMergePatchRawTestCases), re-typed as YAML.
const APPLY_ONLY: Case[] = parse(`
- description: unique scalars when merging lists
  original: {mergingIntList: [1, 2]}
  twoWay: {mergingIntList: [2, 3]}
  modified: {mergingIntList: [1, 2, 3]}
- description: delete map from nested map
  original: {simpleMap: {key1: "1", key2: "1"}}
  twoWay: {simpleMap: {$patch: delete}}
  modified: {simpleMap: {}}
- description: delete all items from merging list
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay: {mergingList: [{$patch: replace}]}
  modified: {mergingList: []}
- description: delete all keys from map
  original: {name: "1", value: "1"}
  twoWay: {$patch: replace}
  modified: {}
- description: add key and delete all keys from map
  original: {name: "1", value: "1"}
  twoWay: {other: a, $patch: replace}
  modified: {other: a}
- description: delete all duplicate entries in a merging list
  original: {mergingList: [{name: "1"}, {name: "1"}, {name: "2", value: a}, {name: "3"}, {name: "3"}]}
  twoWay: {mergingList: [{name: "1", $patch: delete}, {name: "3", $patch: delete}]}
  modified: {mergingList: [{name: "2", value: a}]}
- description: retainKeys map can delete a field when no retainKeys directive present
  original: {retainKeysMap: {name: foo, value: a}}
  twoWay: {retainKeysMap: {value: null}}
  modified: {retainKeysMap: {name: foo}}
- description: retainKeys directive clears the keys it does not list
  original: {retainKeysMap: {name: foo, value: a, other: b}}
  twoWay: {retainKeysMap: {$retainKeys: [name, value], value: c}}
  modified: {retainKeysMap: {name: foo, value: c}}
- description: retainKeys list can change a field when no retainKeys directive present
  original: {retainKeysMergingList: [{name: bar}, {name: foo, value: a}]}
  twoWay: {retainKeysMergingList: [{name: foo, value: b}]}
  modified: {retainKeysMergingList: [{name: bar}, {name: foo, value: b}]}
- description: preserve the order from the patch in a merging list
  original: {mergingList: [{name: "1"}, {name: "2", value: b}, {name: "3"}]}
  twoWay: {mergingList: [{name: "3", value: c}, {name: "1", value: a}, {name: "2", other: x}]}
  modified: {mergingList: [{name: "3", value: c}, {name: "1", value: a}, {name: "2", value: b, other: x}]}
- description: preserve the order from the patch in a merging list 2
  original: {mergingList: [{name: "1"}, {name: "2", value: b}, {name: "3"}]}
  twoWay: {mergingList: [{name: "3", value: c}, {name: "1", value: a}]}
  modified: {mergingList: [{name: "2", value: b}, {name: "3", value: c}, {name: "1", value: a}]}
- description: preserve the order from the patch in a merging int list
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {mergingIntList: [3, 1]}
  modified: {mergingIntList: [2, 3, 1]}
- description: $setElementOrder contains item that is not present in the list to be merged
  original: {mergingList: [{name: "1"}, {name: "3"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "3"}, {name: "2"}, {name: "1"}]
    mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]
  modified: {mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]}
- description: should check if order in $setElementOrder and patch list match
  original: {mergingList: [{name: "1"}, {name: "3"}, {name: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]
  error: doesn't match
- description: missing merge key should error out
  original: {mergingList: [{name: "1", value: a}]}
  twoWay: {mergingList: [{value: b}]}
  error: does not contain declared merge key
- description: $deleteFromPrimitiveList of nonexistent item should not add the item
  original: {mergingIntList: [1, 2]}
  twoWay: {$deleteFromPrimitiveList/mergingIntList: [3]}
  modified: {mergingIntList: [1, 2]}
- description: $deleteFromPrimitiveList on nonexistent primitive list should not add the list
  original: {foo: [bar]}
  twoWay: {$deleteFromPrimitiveList/mergingIntList: [3]}
  modified: {foo: [bar]}
- description: $deleteFromPrimitiveList should delete item from a list with merge patch strategy
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {$deleteFromPrimitiveList/mergingIntList: [2]}
  modified: {mergingIntList: [1, 3]}
- description: $deleteFromPrimitiveList should delete item from a list without merge patch strategy
  original: {nonMergingIntList: [1, 2, 3]}
  twoWay: {$deleteFromPrimitiveList/nonMergingIntList: [2]}
  modified: {nonMergingIntList: [1, 3]}
- description: an unknown $patch directive is refused
  original: {simpleMap: {a: b}}
  twoWay: {simpleMap: {$patch: frobnicate}}
  error: "Unknown patch type: frobnicate"
`);

const FULL: Case[] = parse(`
- description: nil original
  twoWay: {name: "1", value: "1"}
  modified: {name: "1", value: "1"}
  current: {name: "1", other: a}
  threeWay: {value: "1"}
  result: {name: "1", value: "1", other: a}
- description: add field to map with conflict
  original: {name: "1"}
  twoWay: {value: "1"}
  modified: {name: "1", value: "1"}
  current: {name: a, other: a}
  threeWay: {name: "1", value: "1"}
  result: {name: "1", value: "1", other: a}
- description: add field and delete field from map
  original: {name: "1"}
  twoWay: {name: null, value: "1"}
  modified: {value: "1"}
  current: {name: "1", other: a}
  threeWay: {name: null, value: "1"}
  result: {value: "1", other: a}
- description: delete field from nested map with conflict
  original: {simpleMap: {key1: "1", key2: "1"}}
  twoWay: {simpleMap: {key2: null}}
  modified: {simpleMap: {key1: "1"}}
  current: {simpleMap: {key1: a, key2: "1", other: a}}
  threeWay: {simpleMap: {key1: "1", key2: null}}
  result: {simpleMap: {key1: "1", other: a}}
- description: replace list of scalars with conflict
  original: {nonMergingIntList: [1, 2]}
  twoWay: {nonMergingIntList: [2, 3]}
  modified: {nonMergingIntList: [2, 3]}
  current: {nonMergingIntList: [1, 4]}
  threeWay: {nonMergingIntList: [2, 3]}
  result: {nonMergingIntList: [2, 3]}
- description: delete all maps from merging list with conflict
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay: {mergingList: [{name: "1", $patch: delete}, {name: "2", $patch: delete}]}
  modified: {mergingList: []}
  current: {mergingList: [{name: "1", other: a}, {name: "2", other: b}]}
  threeWay: {mergingList: [{name: "1", $patch: delete}, {name: "2", $patch: delete}]}
  result: {mergingList: []}
- description: defined null values should propagate removing original fields
  original: {name: original-name, value: original-value}
  current: {name: original-name, value: original-value, other: current-other}
  modified: {name: modified-name, value: null}
  twoWay: {name: modified-name, value: null}
  twoWayResult: {name: modified-name}
  threeWay: {name: modified-name, value: null}
  result: {name: modified-name, other: current-other}
- description: retainKeys map with no change should not be present
  original: {name: a, retainKeysMap: {name: foo}}
  current: {name: a, other: c, retainKeysMap: {name: foo}}
  modified: {name: a, value: b, retainKeysMap: {name: foo}}
  twoWay: {value: b}
  threeWay: {value: b}
  result: {name: a, value: b, other: c, retainKeysMap: {name: foo}}
- description: delete items in lists of scalars
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  modified: {mergingIntList: [1, 2]}
  current: {mergingIntList: [1, 2, 3, 4]}
  threeWay: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  result: {mergingIntList: [1, 2, 4]}
- description: add and delete items in lists of scalars
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {$setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3], mergingIntList: [4]}
  modified: {mergingIntList: [1, 2, 4]}
  current: {mergingIntList: [1, 2, 3, 4]}
  threeWay: {$setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3]}
  result: {mergingIntList: [1, 2, 4]}
- description: merge lists of maps
  original: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "4"}, {name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "4", value: "4"}, {name: "3", value: "3"}]
  modified: {mergingList: [{name: "4", value: "4"}, {name: "1"}, {name: "2", value: "2"}, {name: "3", value: "3"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "4"}, {name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "4", value: "4"}, {name: "3", value: "3"}]
  result: {mergingList: [{name: "4", value: "4"}, {name: "1", other: a}, {name: "2", value: "2", other: b}, {name: "3", value: "3"}]}
- description: merge lists of maps with conflict
  original: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "3", value: "3"}]
  modified: {mergingList: [{name: "1"}, {name: "2", value: "2"}, {name: "3", value: "3"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "2", value: "3", other: b}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}]
    mergingList: [{name: "2", value: "2"}, {name: "3", value: "3"}]
  result: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}, {name: "3", value: "3"}]}
- description: add field to map in merging list with conflict
  original: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", value: "1"}]
  modified: {mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "3", value: "2", other: b}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]
  result: {mergingList: [{name: "1", value: "1", other: a}, {name: "2", value: "2"}, {name: "3", value: "2", other: b}]}
- description: add duplicate field to map in merging list
  original: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", value: "1"}]
  modified: {mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]}
  current: {mergingList: [{name: "1", value: "1", other: a}, {name: "2", value: "2", other: b}]}
  threeWay: {}
  result: {mergingList: [{name: "1", value: "1", other: a}, {name: "2", value: "2", other: b}]}
- description: delete missing map from merging list with conflict
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "2"}]
    mergingList: [{name: "1", $patch: delete}]
  modified: {mergingList: [{name: "2"}]}
  current: {mergingList: [{name: "3", other: a}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "2"}]
    mergingList: [{name: "2"}, {name: "1", $patch: delete}]
  result: {mergingList: [{name: "2"}, {name: "3", other: a}]}
- description: add map and delete map from merging list
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "2"}, {name: "3"}]
    mergingList: [{name: "3"}, {name: "1", $patch: delete}]
  modified: {mergingList: [{name: "2"}, {name: "3"}]}
  current: {mergingList: [{name: "1"}, {name: "2", other: b}, {name: "4", other: c}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "2"}, {name: "3"}]
    mergingList: [{name: "3"}, {name: "1", $patch: delete}]
  result: {mergingList: [{name: "2", other: b}, {name: "4", other: c}, {name: "3"}]}
- description: add map and delete map from merging list with conflict
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "2"}, {name: "3"}]
    mergingList: [{name: "3"}, {name: "1", $patch: delete}]
  modified: {mergingList: [{name: "2"}, {name: "3"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "4", other: c}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "2"}, {name: "3"}]
    mergingList: [{name: "2"}, {name: "3"}, {name: "1", $patch: delete}]
  result: {mergingList: [{name: "4", other: c}, {name: "2"}, {name: "3"}]}
- description: delete missing field from map in merging list with conflict
  original: {mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", value: null}]
  modified: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "2", other: b}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", value: null}, {name: "2", value: "2"}]
  result: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}]}
- description: replace non merging list nested in merging list
  original: {mergingList: [{name: "1", nonMergingList: [{name: "1"}, {name: "2", value: "2"}]}, {name: "2"}]}
  twoWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", nonMergingList: [{name: "1", value: "1"}]}]
  modified: {mergingList: [{name: "1", nonMergingList: [{name: "1", value: "1"}]}, {name: "2"}]}
  current: {mergingList: [{name: "1", other: a, nonMergingList: [{name: "1"}, {name: "2", value: "2"}]}, {name: "2", other: b}]}
  threeWay:
    $setElementOrder/mergingList: [{name: "1"}, {name: "2"}]
    mergingList: [{name: "1", nonMergingList: [{name: "1", value: "1"}]}]
  result: {mergingList: [{name: "1", other: a, nonMergingList: [{name: "1", value: "1"}]}, {name: "2", other: b}]}
`);

describe('strategicMergePatch (apply)', () => {
  it.each([...APPLY_ONLY, ...FULL].map((c) => [c.description, c] as const))('%s', (_d, c) => {
    const run = () => strategicMergePatch(c.original ?? {}, c.twoWay, 'MergeItem');
    if (c.error) {
      expect(run).toThrow(c.error);
      return;
    }
    expect(run()).toEqual(c.twoWayResult ?? c.modified);
  });

  it('does not change its inputs', () => {
    const original = Object.freeze({ mergingList: Object.freeze([Object.freeze({ name: '1' })]) }) as unknown as JsonMap;
    const patch = Object.freeze({ mergingList: Object.freeze([Object.freeze({ name: '1', value: 'a' })]) }) as unknown as JsonMap;
    expect(strategicMergePatch(original, patch, 'MergeItem')).toEqual({ mergingList: [{ name: '1', value: 'a' }] });
  });
});

describe('createTwoWayMergePatch and createThreeWayMergePatch', () => {
  it.each(FULL.map((c) => [c.description, c] as const))('%s', (_d, c) => {
    expect(sortLists(createTwoWayMergePatch(c.original ?? {}, c.modified!, 'MergeItem'))).toEqual(sortLists(c.twoWay));
    const threeWay = createThreeWayMergePatch(c.original ?? {}, c.modified!, c.current!, 'MergeItem');
    expect(sortLists(threeWay)).toEqual(sortLists(c.threeWay));
    expect(strategicMergePatch(c.current!, threeWay, 'MergeItem')).toEqual(c.result);
  });
});

describe('strategic merge patch on real Kubernetes types', () => {
  const deployment = (containers: unknown[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { template: { spec: { containers } } },
  });

  // Items the live list does not have go before the live ones they cannot be ordered against
  // (upstream mergeSortedSlice), so B and 443 come first, as `kubectl patch` does it.
  it('merges containers by name, env by name and ports by containerPort', () => {
    const current = deployment([
      { name: 'web', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox' },
    ]) as unknown as JsonMap;
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 443 }] }] } } } };
    const out = strategicMergePatch(current, patch as JsonMap, 'V1Deployment') as unknown as ReturnType<typeof deployment>;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:1.27', env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }], ports: [{ containerPort: 443 }, { containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
  });

  it('replaces lists without a merge strategy (args, tolerations)', () => {
    const current = deployment([{ name: 'web', image: 'x', args: ['a', 'b'] }]) as unknown as JsonMap;
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', args: ['c'] }] } } } };
    const out = strategicMergePatch(current, patch as JsonMap, 'V1Deployment') as unknown as ReturnType<typeof deployment>;
    expect(out.spec.template.spec.containers).toEqual([{ name: 'web', image: 'x', args: ['c'] }]);
  });

  it('three-way: removing a container from the manifest deletes it but keeps fields set by others', () => {
    const last = deployment([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }]) as unknown as JsonMap;
    const modified = deployment([{ name: 'a', image: 'x2' }]) as unknown as JsonMap;
    const current = deployment([
      { name: 'a', image: 'x', imagePullPolicy: 'Always' },
      { name: 'b', image: 'y', imagePullPolicy: 'Always' },
    ]) as unknown as JsonMap;
    const patch = createThreeWayMergePatch(last, modified, current, 'V1Deployment');
    const out = strategicMergePatch(current, patch, 'V1Deployment') as unknown as ReturnType<typeof deployment>;
    expect(out.spec.template.spec.containers).toEqual([{ name: 'a', image: 'x2', imagePullPolicy: 'Always' }]);
  });

  it('Deployment strategy has retainKeys: switching to Recreate drops rollingUpdate', () => {
    const last = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const modified = { spec: { strategy: { type: 'Recreate' } } };
    const current = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } } };
    const patch = createThreeWayMergePatch(last, modified, current, 'V1Deployment');
    expect(patch).toEqual({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
    expect(strategicMergePatch(current, patch, 'V1Deployment')).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('a second apply of the same configuration is an empty patch', () => {
    const cfg = deployment([{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }]) as unknown as JsonMap;
    const live = deployment([{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'Always' }]) as unknown as JsonMap;
    expect(createThreeWayMergePatch(cfg, cfg, live, 'V1Deployment')).toEqual({});
  });
});
