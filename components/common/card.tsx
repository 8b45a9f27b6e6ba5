import type { ReactNode } from "react";

export function Card(props: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  labelledBy?: string;
}) {
  return (
    <section
      aria-labelledby={props.labelledBy}
      className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${props.className ?? ""}`}
    >
      {(props.title || props.actions) && (
        <div className="mb-3 flex items-center justify-between gap-2">
          {props.title && (
            <h2
              id={props.labelledBy}
              className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400"
            >
              {props.title}
            </h2>
          )}
          {props.actions}
        </div>
      )}
      {props.children}
    </section>
  );
}
