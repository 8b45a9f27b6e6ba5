#!/bin/sh
# Stand-in for Prisma's native schema-engine, which cannot be downloaded here (see prisma.config.ts).
# `prisma generate` never calls it; anything that would (migrate dev, db push) gets a pointer instead.
echo "schema engine unavailable offline; use npm run db:diff to author migrations (the server applies them at start)" >&2
exit 1
