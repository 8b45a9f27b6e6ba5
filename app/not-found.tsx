// An address the dashboard does not have: say so inside the shell and point at its pages.
import Link from "next/link";
import { DASHBOARD_PAGES } from "@/components/common/pages";

export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-xl font-semibold">No page here</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        Paratrack has no page at this address. Its pages:
      </p>
      <ul className="mt-4 flex flex-wrap justify-center gap-3 text-sm">
        {DASHBOARD_PAGES.map((page) => (
          <li key={page.href}>
            <Link href={page.href} className="underline">
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
