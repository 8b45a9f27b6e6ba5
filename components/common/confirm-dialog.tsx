"use client";
// Asks before what cannot be undone: a modal dialog (the page behind is inert), labelled by its question and
// described by its consequences, Cancel focused first, Tab kept inside, Escape cancels, and focus goes back to
// whatever opened it.
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from "react";

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** "danger" for what destroys work (Stop, Restart), "default" otherwise. */
  tone?: "danger" | "default";
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      cancel.current?.focus();
    } else if (!props.open && element.open) {
      element.close();
    }
  }, [props.open]);

  // Tab and Shift+Tab go round the dialog's own controls instead of out to the browser's.
  const keepFocusInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== "Tab") return;
    const focusable = [
      ...event.currentTarget.querySelectorAll<HTMLElement>("button:not([disabled]), [href]"),
    ];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const confirmStyle =
    props.tone === "danger"
      ? "bg-red-700 text-white hover:bg-red-800"
      : "bg-slate-900 text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300";

  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      aria-modal="true"
      data-testid={props.testId}
      onKeyDown={keepFocusInside}
      // Escape: the browser would close the dialog by itself; let the owner decide (it cancels).
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
      onClose={() => {
        opener.current?.focus();
        opener.current = null;
      }}
      className="m-auto w-[min(32rem,calc(100%-2rem))] rounded-xl border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {props.title}
      </h2>
      <div id={`${id}-body`} className="mt-2 space-y-2 text-sm text-slate-700 dark:text-slate-200">
        {props.children}
      </div>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button
          ref={cancel}
          type="button"
          onClick={props.onCancel}
          className="tap rounded-md border border-slate-300 px-4 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={props.onConfirm}
          className={`tap rounded-md px-4 text-sm font-semibold ${confirmStyle}`}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
