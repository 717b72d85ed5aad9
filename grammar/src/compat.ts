// Runtime shims so that Chevrotain 13 (written for Node 22) also runs on Node 20, where the CLI and tests may run.

type GroupBy = <T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) => Record<PropertyKey, T[]>;

const objectWithGroupBy = Object as unknown as { groupBy?: GroupBy };
if (typeof objectWithGroupBy.groupBy !== 'function') {
  // Object.groupBy arrived in Node 21; Chevrotain 13 calls it during self-analysis.
  objectWithGroupBy.groupBy = <T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) => {
    const groups: Record<PropertyKey, T[]> = Object.create(null);
    let index = 0;
    for (const item of items) {
      const groupKey = key(item, index++);
      (groups[groupKey] ??= []).push(item);
    }
    return groups;
  };
}

export {};
