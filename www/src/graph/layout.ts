// Positions for the state machine's graph, computed by dagre. Parallel and Map states become
// compound (cluster) nodes holding their branches; since dagre cannot route edges to a cluster
// itself, each container gets an entry node (its header) and an exit node (its footer) inside it,
// and edges into or out of the container attach there.

import dagre from '@dagrejs/dagre';
import type { EdgeKind, Graph, GraphNode, StateType } from '../engine/api';

export interface Box {
  x: number; // top-left
  y: number;
  width: number;
  height: number;
}

export interface StateBox extends Box {
  name: string;
  type: StateType;
  resource?: string;
}

export interface ContainerBox extends Box {
  name: string;
  type: StateType;
  depth: number;
  /** The entry node: the band at the top where the name is written and incoming edges arrive. */
  header: Box;
}

export interface BranchBox extends Box {
  label: string;
}

export interface EdgeLine {
  kind: EdgeKind | 'structure';
  /** Full label text (choice rule, caught errors, "Default"); null when none. */
  label: string | null;
  /** The label as drawn (long rules are clipped) and where. */
  labelText: string | null;
  labelBox: Box | null;
  points: { x: number; y: number }[];
}

export interface Layout {
  width: number;
  height: number;
  containers: ContainerBox[]; // outermost first, so inner ones paint on top
  branches: BranchBox[];
  states: StateBox[];
  markers: (Box & { which: 'start' | 'end' })[];
  edges: EdgeLine[];
}

/** Average glyph width (px) of the 12.5px UI font, to size boxes without measuring text. */
export const CHAR = 7.2;
const LABEL_CHARS = 34;
const LABEL_CHAR = 6.4; // the 11px font of edge labels
const LABEL_HEIGHT = 18;

const isContainer = (type: StateType) => type === 'Parallel' || type === 'Map';
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function stateSize(node: GraphNode): { width: number; height: number } {
  const chars = Math.max(node.id.length, node.type.length + 2);
  const width = Math.min(260, Math.max(110, chars * CHAR + 28));
  if (node.type === 'Choice') return { width: width + 40, height: 56 };
  if (node.type === 'Succeed' || node.type === 'Fail') return { width, height: 40 };
  return { width, height: 46 };
}

function edgeLabel(kind: EdgeKind, label: string | null): string | null {
  return kind === 'default' ? 'Default' : label;
}

export function layoutGraph(graph: Graph): Layout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 40, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));

  const byName = new Map(graph.nodes.map((n) => [n.id, n]));
  const entry = (name: string) => (isContainer(byName.get(name)!.type) ? `i:${name}` : `s:${name}`);
  const exit = (name: string) => (isContainer(byName.get(name)!.type) ? `o:${name}` : `s:${name}`);
  const parentCluster = (n: GraphNode) => {
    if (n.parent === null || !byName.has(n.parent)) return null;
    return byName.get(n.parent)!.type === 'Parallel' ? `b:${n.parent}:${n.branch ?? 0}` : `c:${n.parent}`;
  };

  for (const n of graph.nodes) {
    const cluster = parentCluster(n);
    if (cluster?.startsWith('b:')) {
      g.setNode(cluster, {});
      g.setParent(cluster, `c:${n.parent}`);
    }
    if (isContainer(n.type)) {
      const header = Math.max(120, (n.id.length + n.type.length + 3) * CHAR + 24);
      g.setNode(`c:${n.id}`, {});
      g.setNode(`i:${n.id}`, { width: header, height: 34 });
      g.setNode(`o:${n.id}`, { width: 40, height: 6 });
      g.setParent(`i:${n.id}`, `c:${n.id}`);
      g.setParent(`o:${n.id}`, `c:${n.id}`);
      if (cluster) g.setParent(`c:${n.id}`, cluster);
    } else {
      g.setNode(`s:${n.id}`, stateSize(n));
      if (cluster) g.setParent(`s:${n.id}`, cluster);
    }
  }

  // Start and end of each block: markers at the top level, the container's header and footer inside.
  let edgeCount = 0;
  const addEdge = (v: string, w: string, kind: EdgeLine['kind'], label: string | null) => {
    const labelText = label === null ? null : clip(label, LABEL_CHARS);
    const size = labelText === null ? {} : { width: labelText.length * LABEL_CHAR + 10, height: LABEL_HEIGHT, labelpos: 'c' };
    g.setEdge(v, w, { kind, label, labelText, minlen: 1, ...size }, `e${edgeCount++}`);
  };
  g.setNode('^start', { width: 64, height: 26 });
  g.setNode('^end', { width: 64, height: 26 });
  for (const n of graph.nodes) {
    const owner = n.parent !== null && byName.has(n.parent) ? n.parent : null;
    if (n.start) addEdge(owner === null ? '^start' : `i:${owner}`, entry(n.id), 'structure', null);
    if (n.end) addEdge(exit(n.id), owner === null ? '^end' : `o:${owner}`, 'structure', null);
  }
  for (const e of graph.edges) {
    if (byName.has(e.from) && byName.has(e.to)) addEdge(exit(e.from), entry(e.to), e.kind, edgeLabel(e.kind, e.label));
  }

  dagre.layout(g);
  return collect(g, byName);
}

type DagreGraph = ReturnType<typeof dagre.layout>;

function box(g: DagreGraph, id: string): Box {
  const { x = 0, y = 0, width = 0, height = 0 } = g.node(id) as { x?: number; y?: number; width?: number; height?: number };
  return { x: x - width / 2, y: y - height / 2, width, height };
}

function collect(g: DagreGraph, byName: Map<string, GraphNode>): Layout {
  const layout: Layout = { width: 0, height: 0, containers: [], branches: [], states: [], markers: [], edges: [] };
  const depth = (n: GraphNode): number => (n.parent === null || !byName.has(n.parent) ? 0 : 1 + depth(byName.get(n.parent)!));
  for (const id of g.nodes() as string[]) {
    const [prefix, rest] = [id.slice(0, 2), id.slice(2)];
    if (prefix === 's:') {
      const n = byName.get(rest)!;
      layout.states.push({ ...box(g, id), name: n.id, type: n.type, resource: n.resource });
    } else if (prefix === 'c:') {
      const n = byName.get(rest)!;
      layout.containers.push({ ...box(g, id), name: n.id, type: n.type, depth: depth(n), header: box(g, `i:${n.id}`) });
    } else if (prefix === 'b:') {
      const index = Number(rest.slice(rest.lastIndexOf(':') + 1));
      layout.branches.push({ ...box(g, id), label: `Branch ${index + 1}` });
    } else if (id === '^start' || id === '^end') {
      layout.markers.push({ ...box(g, id), which: id === '^start' ? 'start' : 'end' });
    }
  }
  layout.containers.sort((a, b) => a.depth - b.depth);
  for (const e of g.edges()) {
    type Laid = Pick<EdgeLine, 'kind' | 'label' | 'labelText'> & { points?: EdgeLine['points']; x?: number; y?: number; width?: number };
    const edge = g.edge(e) as Laid;
    const placed = edge.labelText !== null && edge.x !== undefined && edge.y !== undefined && edge.width !== undefined;
    layout.edges.push({
      kind: edge.kind,
      label: edge.label,
      labelText: edge.labelText,
      labelBox: placed ? { x: edge.x! - edge.width! / 2, y: edge.y! - LABEL_HEIGHT / 2, width: edge.width!, height: LABEL_HEIGHT } : null,
      points: edge.points ?? [],
    });
  }
  const { width = 0, height = 0 } = g.graph() as { width?: number; height?: number };
  layout.width = width;
  layout.height = height;
  return layout;
}
