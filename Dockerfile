# syntax=docker/dockerfile:1
#
# One image for both processes; the command picks the role:
#   docker run vibemonitor pnpm start:server   (default)
#   docker run vibemonitor pnpm start:worker
# The deps stage compiles the workspace to JavaScript (`pnpm build`: esbuild per
# package, source maps included), then drops the dev dependencies; the runtime
# runs `node --conditions=compiled --enable-source-maps apps/<role>/dist/main.js`.

FROM node:20-bookworm-slim AS base
# COREPACK_HOME outside /root so the non-root runtime user finds the pnpm that
# was downloaded at build time instead of trying to fetch it again.
ENV COREPACK_HOME=/opt/corepack \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0
RUN corepack enable pnpm \
 && corepack prepare pnpm@10.34.8 --activate \
 && chmod -R a+rX /opt/corepack
WORKDIR /app

FROM base AS deps
# The lockfile alone decides what to download, so this layer survives source edits.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm fetch --store-dir /pnpm/store
COPY . .
# All dependencies to build (esbuild, vite), then production ones only. Type
# checking happens in CI, not in the container.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store \
 && TURBO_TELEMETRY_DISABLED=1 pnpm build \
 && CI=1 pnpm install --offline --frozen-lockfile --prod --store-dir /pnpm/store

FROM base AS runtime
# HOST: the server listens on 127.0.0.1 by default, which is unreachable from
# outside a container. The update notifier would make pnpm reach for the
# registry on every start.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    npm_config_update_notifier=false
# Code stays root-owned (read-only to the app); only the data directory is writable.
COPY --from=deps /app /app
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# Liveness only (/health/ready checks dependencies). The slim image has no curl,
# so Node's fetch does the request. The worker serves no HTTP: compose turns
# this check off for it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["pnpm", "start:server"]
