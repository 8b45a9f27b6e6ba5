// Dependency-graph checks of a plan: cycles and "runs strictly before".

/** A graph as key → keys it depends on; edges to unknown keys are ignored. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/**
 * One cycle per strongly connected component that has one (a self-dependency counts), as the list of keys
 * along it starting at the component's earliest key in the graph's order; edges point from a track to what it depends on.
 */
export function findCycles(graph: DependencyGraph): string[][] {
  const order = [...graph.keys()];
  const rank = new Map(order.map((key, index) => [key, index]));
  const cycles: string[][] = [];
  for (const component of findStronglyConnected(graph)) {
    const start = component.reduce((a, b) => ((rank.get(a) ?? 0) <= (rank.get(b) ?? 0) ? a : b));
    const isSelfLoop = (graph.get(start) ?? []).includes(start);
    if (component.length === 1 && !isSelfLoop) continue;
    cycles.push(isSelfLoop ? [start] : shortestCycleThrough(graph, start, new Set(component)));
  }
  return cycles.sort((a, b) => (rank.get(a[0] ?? "") ?? 0) - (rank.get(b[0] ?? "") ?? 0));
}

/** "A → B → C → A". */
export function formatCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0] ?? ""].join(" → ");
}

/** Every key reachable from `key` by following dependsOn (not including key itself unless on a cycle). */
export function listDependencies(graph: DependencyGraph, key: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(graph.get(key) ?? [])];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next) || !graph.has(next)) continue;
    seen.add(next);
    for (const further of graph.get(next) ?? []) if (!seen.has(further)) stack.push(further);
  }
  return seen;
}

/**
 * "Does `from` depend on `to`, directly or not?" for every pair, answered from reachability computed once for the
 * whole graph: asking listDependencies for each of 500 tracks that each depend on all earlier ones took seconds.
 */
export function dependencyReach(graph: DependencyGraph): (from: string, to: string) => boolean {
  const keys = [...graph.keys()];
  const indexOf = new Map(keys.map((key, index) => [key, index]));
  const words = Math.ceil(keys.length / 32);
  const reach = new Map<string, Uint32Array>();
  // Tarjan's components come out dependencies first, so each one's reach is built from finished ones: one
  // bit set per component, shared by its members (they reach each other, and themselves when on a cycle).
  for (const component of findStronglyConnected(graph)) {
    const bits = new Uint32Array(words);
    const members = new Set(component);
    const onCycle = component.length > 1 || (graph.get(component[0]!) ?? []).includes(component[0]!);
    for (const member of component) {
      if (onCycle) setBit(bits, indexOf.get(member)!);
      for (const to of graph.get(member) ?? []) {
        const index = indexOf.get(to);
        if (index === undefined || members.has(to)) continue;
        setBit(bits, index);
        const further = reach.get(to)!;
        for (let word = 0; word < words; word += 1) bits[word]! |= further[word]!;
      }
    }
    for (const member of component) reach.set(member, bits);
  }
  return (from, to) => {
    const bits = reach.get(from);
    const index = indexOf.get(to);
    return bits !== undefined && index !== undefined && (bits[index >>> 5]! & (1 << (index & 31))) !== 0;
  };
}

function setBit(bits: Uint32Array, index: number): void {
  bits[index >>> 5]! |= 1 << (index & 31);
}

// Tarjan's algorithm, iterative so a long dependency chain cannot overflow the stack.
function findStronglyConnected(graph: DependencyGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Each key's known dependencies, filtered once (not at every step of the walk: that was quadratic in a key's edges).
  const edgesOf = new Map([...graph].map(([key, tos]) => [key, tos.filter((to) => graph.has(to))]));

  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { key: string; next: number }[] = [{ key: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const to = edgesOf.get(frame.key)?.[frame.next];
      if (to !== undefined) {
        frame.next += 1;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter);
          counter += 1;
          stack.push(to);
          onStack.add(to);
          work.push({ key: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.key, Math.min(low.get(frame.key)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) === index.get(frame.key)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
          if (member === frame.key) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}

// Breadth-first from start's dependencies back to start, inside its component: the shortest cycle through start.
function shortestCycleThrough(graph: DependencyGraph, start: string, component: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const from = queue[head]!;
    for (const to of graph.get(from) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [from];
        for (let at = from; at !== start; ) {
          at = previous.get(at)!;
          path.push(at);
        }
        return path.reverse();
      }
      if (!previous.has(to)) {
        previous.set(to, from);
        queue.push(to);
      }
    }
  }
  return [start];
}
