import type { ReactNode, Ref } from "react";

/** A box that scrolls sideways (wide tables on a phone) and can be focused and scrolled by keyboard. */
export function ScrollBox(props: {
  label: string;
  children: ReactNode;
  className?: string;
  id?: string;
  ref?: Ref<HTMLDivElement>;
  testId?: string;
  onPointerLeave?: () => void;
}) {
  return (
    <div
      ref={props.ref}
      id={props.id}
      role="group"
      aria-label={props.label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to be scrolled by keyboard.
      tabIndex={0}
      data-testid={props.testId}
      onPointerLeave={props.onPointerLeave}
      className={`overflow-x-auto ${props.className ?? ""}`}
    >
      {props.children}
    </div>
  );
}
