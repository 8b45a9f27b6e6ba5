import type { ReactNode } from "react";

/**
 * A titled panel. `scrollable` makes it a scroll box of its own that keyboard users can focus and scroll (it
 * needs `labelledBy`, so the focused box is announced by its title).
 */
export function Card(props: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  labelledBy?: string;
  scrollable?: boolean;
}) {
  return (
    <section
      aria-labelledby={props.labelledBy}
      tabIndex={props.scrollable ? 0 : undefined}
      className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${props.scrollable ? "overflow-y-auto" : ""} ${props.className ?? ""}`}
    >
      {(props.title || props.actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {props.title && (
            <h2
              id={props.labelledBy}
              className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
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
