// The dashboard's pages, in the header's order: the navigation and the 404 page list them.
export const DASHBOARD_PAGES = [
  { href: "/", label: "Overview" },
  { href: "/gantt", label: "Gantt" },
  { href: "/phases", label: "Phases" },
  { href: "/conflicts", label: "Conflicts" },
  { href: "/status", label: "Status" },
  { href: "/retrospective", label: "Retrospective" },
  { href: "/runs", label: "Runs" },
  { href: "/plan", label: "Planner" },
] as const;
