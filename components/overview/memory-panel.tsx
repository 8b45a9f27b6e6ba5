"use client";
import type { MemorySample } from "@/lib/domain/types";
// The RAM-zone gauges with the figures a lead glances at: zone, tier, used / total, PSI, swap.
import { formatBytes } from "@/lib/domain/units";
import { RamGauge } from "../charts/ram-gauge";
import { Card } from "../common/card";
import { LoadError } from "../common/load-error";
import { ZONE_ADVICE, ZONE_BADGE, ZONE_LABELS, type ZoneBand } from "../common/zone-style";

const SOURCE_TEXT: Record<MemorySample["zoneSource"], string> = {
  machine: "set by the machine's memory",
  budget: "set by Paratrack's RAM budget",
  "hard-floor": "forced Red: the machine is below its hard floor of free memory",
};

/** The gauges show one decimal: rounding first lets an unchanged figure skip its redraw. */
const roundToShown = (percent: number) => Math.round(percent * 10) / 10;

function Figure(props: { label: string; value: string; testId?: string; dateTime?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-600 dark:text-slate-300">{props.label}</dt>
      <dd className="font-medium tabular-nums" data-testid={props.testId}>
        {props.dateTime ? (
          // The server and the browser may format the time in different zones: the browser's wins.
          <time dateTime={props.dateTime} suppressHydrationWarning>
            {props.value}
          </time>
        ) : (
          props.value
        )}
      </dd>
    </div>
  );
}

export function MemoryPanel({
  sample,
  error,
  bands,
}: {
  sample: MemorySample | undefined;
  error?: Error | null;
  /** The run's zone bands (useZoneBands): the gauges draw the lines the zone is classified by. */
  bands?: ZoneBand[];
}) {
  if (!sample) {
    return (
      <Card title="Memory" labelledBy="memory-heading">
        {error ? (
          <LoadError what="the memory samples" error={error} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
            Waiting for the first memory sample…
          </p>
        )}
      </Card>
    );
  }
  const { machine, budget, zone } = sample;
  return (
    <Card title="Memory" labelledBy="memory-heading">
      <div className="flex flex-col gap-6 sm:flex-row sm:items-start">
        <div className="flex flex-1 flex-wrap justify-center gap-3">
          <div className="w-36 sm:w-44">
            <RamGauge
              label="System memory used"
              percent={roundToShown(machine.usedPercent)}
              zone={sample.zoneSource === "budget" ? null : zone}
              bands={bands}
              caption={`${formatBytes(machine.usedBytes)} of ${formatBytes(machine.capacityBytes)}${machine.capacitySource === "cgroup" ? " (cgroup limit)" : ""}`}
              testId="gauge-machine"
            />
          </div>
          {budget && (
            <div className="w-36 sm:w-44">
              <RamGauge
                label="Agents' RAM budget used"
                percent={roundToShown(budget.usedPercent)}
                zone={sample.zoneSource === "machine" ? null : zone}
                bands={bands}
                caption={`${formatBytes(budget.usedBytes)} of ${formatBytes(budget.bytes)} budget`}
                testId="gauge-budget"
              />
            </div>
          )}
        </div>
        <div className="flex-1 space-y-3">
          <div>
            <span
              className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ring-1 ring-inset ${ZONE_BADGE[zone]}`}
              data-testid="zone-name"
            >
              {ZONE_LABELS[zone]} zone
            </span>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{ZONE_ADVICE[zone]}</p>
            <p className="text-xs text-slate-600 dark:text-slate-300">
              Zone {SOURCE_TEXT[sample.zoneSource]}.
            </p>
          </div>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
            <Figure
              label="RAM tier"
              value={`${sample.tier.label} · ${sample.tier.maxConcurrent} concurrent track${sample.tier.maxConcurrent === 1 ? "" : "s"} by default`}
              testId="ram-tier"
            />
            <Figure
              label="Used / total"
              value={`${formatBytes(machine.usedBytes)} / ${formatBytes(machine.capacityBytes)}`}
            />
            <Figure label="Available" value={formatBytes(sample.system.availableBytes)} />
            <Figure
              label="Swap"
              value={
                sample.swap.totalBytes > 0
                  ? `${formatBytes(sample.swap.usedBytes)} / ${formatBytes(sample.swap.totalBytes)}`
                  : "none"
              }
            />
            <Figure
              label="Pressure (PSI avg10)"
              value={
                sample.psi
                  ? `some ${sample.psi.some10.toFixed(2)} % · full ${sample.psi.full10.toFixed(2)} %`
                  : "not available"
              }
            />
            <Figure
              label="Last sample"
              value={new Date(sample.at).toLocaleTimeString()}
              dateTime={sample.at}
              testId="sample-time"
            />
          </dl>
        </div>
      </div>
    </Card>
  );
}
