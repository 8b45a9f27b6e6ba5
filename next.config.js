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
  reactStrictMode: true,
};

module.exports = nextConfig;
