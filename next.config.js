// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay out of the route-handler bundles; they are required at run time.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/client",
    "@prisma/adapter-better-sqlite3",
    "systeminformation",
    "pino",
  ],
  poweredByHeader: false,
  // Lets tests and parallel builds keep their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
};

module.exports = nextConfig;
