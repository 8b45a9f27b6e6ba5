// The seed's success metrics, each against its target and its threshold.
import { formatMetricValue, type Metric } from "@/lib/domain/reporting/metrics";
import { METRIC_BADGE, METRIC_EDGE, METRIC_STATUS_ICON, METRIC_STATUS_LABEL } from "./metric-style";

export function MetricsPanel({ metrics }: { metrics: Metric[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-label="Success metrics">
      {metrics.map((m) => (
        <li
          key={m.key}
          data-testid={`metric-${m.key}`}
          data-status={m.status}
          className={`flex flex-col gap-1 rounded-lg border border-l-4 border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 ${METRIC_EDGE[m.status]}`}
        >
          <p className="text-sm font-medium text-slate-600 dark:text-slate-300">{m.label}</p>
          <p className="text-2xl font-bold tabular-nums" data-testid="metric-value">
            {formatMetricValue(m)}
          </p>
          <span
            className={`inline-flex w-fit items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${METRIC_BADGE[m.status]}`}
          >
            <span aria-hidden="true">{METRIC_STATUS_ICON[m.status]}</span>
            {METRIC_STATUS_LABEL[m.status]}
          </span>
          <dl className="mt-1 space-y-0.5 text-xs text-slate-600 dark:text-slate-400">
            <div>
              <dt className="inline font-semibold">Target: </dt>
              <dd className="inline">{m.target}</dd>
            </div>
            <div>
              <dt className="inline font-semibold">Threshold: </dt>
              <dd className="inline">{m.threshold}</dd>
            </div>
          </dl>
          <p className="text-xs text-slate-600 dark:text-slate-400">{m.note}</p>
        </li>
      ))}
    </ul>
  );
}
