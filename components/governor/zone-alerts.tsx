"use client";
// Opt-in browser notifications when memory enters Yellow or worse and when a track needs the lead; the choice is
// remembered in localStorage.
import { useEffect, useState } from "react";
import { getSocket } from "@/components/data/socket";
import type { AttentionNotice } from "@/lib/domain/agents/attention";
import type { ZoneChange } from "@/lib/realtime/events";
import { ZONE_ADVICE, ZONE_LABELS } from "../common/zone-style";
import { isAlertingChange } from "./decisions";

export const ALERTS_STORAGE_KEY = "paratrack.alerts";

type AlertState = "unsupported" | "off" | "on" | "blocked";

function readState(): AlertState {
  if (typeof window === "undefined" || !("Notification" in window)) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  const wanted = window.localStorage.getItem(ALERTS_STORAGE_KEY) === "on";
  return wanted && Notification.permission === "granted" ? "on" : "off";
}

export function ZoneAlerts() {
  const [state, setState] = useState<AlertState>("off");
  useEffect(() => setState(readState()), []);

  useEffect(() => {
    if (state !== "on") return;
    const socket = getSocket();
    const onZone = (change: ZoneChange) => {
      if (!isAlertingChange(change.from, change.to)) return;
      try {
        new Notification(`Paratrack: ${ZONE_LABELS[change.to]} zone`, {
          body: `${change.usedPercent.toFixed(1)} % used (${change.source} view). ${ZONE_ADVICE[change.to]}.`,
          tag: "paratrack-zone",
        });
      } catch {
        // Some browsers only allow notifications from a service worker; the feed still shows the alert.
      }
    };
    const onAttention = (notice: AttentionNotice) => {
      try {
        new Notification(`Paratrack: track ${notice.track.key} needs you`, {
          body: notice.text,
          tag: `paratrack-attention-${notice.track.key}`,
        });
      } catch {
        // As above: the card and the feed still show it.
      }
    };
    socket.on("zone:changed", onZone);
    socket.on("track:attention", onAttention);
    return () => {
      socket.off("zone:changed", onZone);
      socket.off("track:attention", onAttention);
    };
  }, [state]);

  async function toggle() {
    if (state === "on") {
      window.localStorage.setItem(ALERTS_STORAGE_KEY, "off");
      setState("off");
      return;
    }
    const permission = await Notification.requestPermission();
    window.localStorage.setItem(ALERTS_STORAGE_KEY, permission === "granted" ? "on" : "off");
    setState(permission === "granted" ? "on" : permission === "denied" ? "blocked" : "off");
  }

  if (state === "unsupported") {
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400">This browser cannot show notifications.</p>
    );
  }
  return (
    <div
      className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400"
      data-testid="zone-alerts"
    >
      <button
        type="button"
        onClick={() => void toggle()}
        disabled={state === "blocked"}
        aria-pressed={state === "on"}
        className="tap rounded-md border border-slate-300 px-2.5 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        {state === "on" ? "Disable alerts" : "Enable alerts"}
      </button>
      <span>
        {state === "on"
          ? "Browser notifications on for Yellow, Orange and Red, and when a track needs you."
          : state === "blocked"
            ? "Notifications are blocked in this browser's site settings."
            : "Get a browser notification when memory enters Yellow or worse, or a track needs you."}
      </span>
    </div>
  );
}
