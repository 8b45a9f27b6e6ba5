"use client";
// The Slurm cluster of a run with Slurm tracks: each node's state, the memory in use (its OS's, or what the run's
// jobs measure when FreeMem lags) and what jobs reserved (--mem) of what Slurm schedules against, its zone and the
// run's tracks there. Drained and down nodes say why.
import { formatBytes } from "@/lib/domain/units";
import type { ClusterNodeView, ClusterView } from "@/lib/domain/views";
import { Card } from "../common/card";
import { ZONE_BADGE, ZONE_LABELS } from "../common/zone-style";
import { describeClusterSummary, describeInUse, describeNodeAvailability, inUseBytes } from "./cluster-text";

function Bar(props: { part: number | null; whole: number; label: string }) {
  const percent =
    props.part === null || props.whole <= 0 ? null : Math.min(100, (props.part / props.whole) * 100);
  return (
    <div className="min-w-28">
      <div className="tabular-nums">{props.part === null ? "unknown" : formatBytes(props.part)}</div>
      {percent !== null && (
        <div
          className="mt-1 h-1.5 w-full rounded bg-slate-200 dark:bg-slate-700"
          role="meter"
          aria-label={props.label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(percent)}
        >
          <div className="h-1.5 rounded bg-sky-600 dark:bg-sky-400" style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}

function NodeRow({ node }: { node: ClusterNodeView }) {
  return (
    <tr
      className="border-t border-slate-100 align-top dark:border-slate-800"
      data-testid={`cluster-node-${node.name}`}
    >
      <th scope="row" className="py-2 pr-3 text-left font-medium">
        {node.name}
      </th>
      <td
        className={`py-2 pr-3 ${node.available ? "" : "font-medium text-amber-800 dark:text-amber-300"}`}
        data-testid="cluster-node-state"
      >
        {describeNodeAvailability(node)}
      </td>
      <td className="py-2 pr-3" data-testid="cluster-node-in-use">
        <Bar part={inUseBytes(node)} whole={node.realMemoryBytes} label={`${node.name}: memory in use`} />
        <div className="text-xs text-slate-600 dark:text-slate-300">{describeInUse(node)}</div>
      </td>
      <td className="py-2 pr-3">
        <Bar
          part={node.allocatedBytes}
          whole={node.realMemoryBytes}
          label={`${node.name}: memory jobs reserved`}
        />
        <div className="text-xs text-slate-600 dark:text-slate-300">
          of {formatBytes(node.realMemoryBytes)}
        </div>
      </td>
      <td className="py-2 pr-3">
        {node.zone ? (
          <span
            className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${ZONE_BADGE[node.zone]}`}
          >
            {ZONE_LABELS[node.zone]}
          </span>
        ) : (
          <span className="text-slate-600 dark:text-slate-300">–</span>
        )}
      </td>
      <td className="py-2" data-testid="cluster-node-tracks">
        {node.trackKeys.length > 0 ? node.trackKeys.join(", ") : "–"}
      </td>
    </tr>
  );
}

export function ClusterPanel({ cluster }: { cluster: ClusterView }) {
  return (
    <Card
      title="Slurm cluster"
      labelledBy="cluster-heading"
      actions={
        <span className="text-xs text-slate-600 dark:text-slate-300" data-testid="cluster-summary">
          {describeClusterSummary(cluster)}
        </span>
      }
    >
      {cluster.error !== null && (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-300" data-testid="cluster-error">
          Cannot read the nodes ({cluster.error}); a node in Red goes unseen until they can be read.
          {cluster.nodes.length > 0 && " The figures below are from the last read."}
        </p>
      )}
      {cluster.nodes.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-600 dark:text-slate-300">
                <th scope="col" className="pb-1 pr-3 font-medium">
                  Node
                </th>
                <th scope="col" className="pb-1 pr-3 font-medium">
                  State
                </th>
                <th scope="col" className="pb-1 pr-3 font-medium">
                  In use
                </th>
                <th scope="col" className="pb-1 pr-3 font-medium">
                  Reserved by jobs (--mem)
                </th>
                <th scope="col" className="pb-1 pr-3 font-medium">
                  Zone
                </th>
                <th scope="col" className="pb-1 font-medium">
                  Tracks
                </th>
              </tr>
            </thead>
            <tbody>
              {cluster.nodes.map((node) => (
                <NodeRow key={node.name} node={node} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
