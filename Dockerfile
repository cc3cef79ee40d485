# AP Movement Tracker: the API and the workers as plain JavaScript on Node 20 (no tsx at run time).
#   docker build -t ap-movement-tracker .
#   docker run ... ap-movement-tracker                               the API (port 4000)
#   docker run ... -e WORKER_QUEUES=flags,notifications,reports,retention ap-movement-tracker \
#       node --max-old-space-size=384 --max-semi-space-size=8 dist/workers/main.js
#                                                                     the workers (all queues but imports)
#   docker run ... -e WORKER_QUEUES=imports ap-movement-tracker \
#       node --max-old-space-size=2048 --max-semi-space-size=8 dist/workers/main.js
#                                                                     the import worker (a 50 MB file's rows in memory)
#   docker run ... ap-movement-tracker node dist/src/db/migrateCli.js  migrations (owner role)
# NODE_ENV=production: the process refuses to start on development defaults (README "Configuration").

# ---- build: install everything, generate the Prisma client, compile to dist/, drop dev dependencies
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The npm mirror can lack optional platform packages that make `npm ci` refuse the lock file.
RUN npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies and dist/ only, as the unprivileged `node` user
FROM node:20-bookworm-slim AS runtime
# MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (libuv's pool: hashing, zlib, DNS) an arena of its
# own and keeps their freed memory; two arenas cut the API's peak RSS by 15-30 MiB under load (docs/performance.md).
ENV NODE_ENV=production PORT=4000 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# V8 heap caps, as package.json's start:prod / worker:prod / worker:imports:prod (tests/unit/productionStart.test.ts):
# a smaller semi-space and old-space limit make V8 collect before its heap grows far past what is live, which keeps
# the API and the workers under 300 MiB RSS under load (issue 18 goal 6); the caps leave room for the largest
# upload and export (API) and import (the import worker, a process of its own for that reason). Figures and
# reasons: docs/performance.md, "Memory (goal 6)".
CMD ["node", "--max-old-space-size=768", "--max-semi-space-size=8", "dist/src/main.js"]
