# The reference server as a container image: built from the lock file, run by an unprivileged user, its data (the
# SQLite file, the uploads, the recordings, the photos, the ID numbers' key) in the /data volume. Every setting is an
# environment variable (README: Settings). `docker compose up` (compose.yaml) runs it with a named volume.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native module where no prebuilt one fits this platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
  && npm run build \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080 \
  EXAMROOM_DATA_DIR=/data \
  EXAMROOM_LOG_LEVEL=info
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Ready: the database answers and the data directory can be written (GET /readyz).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "packages/server/dist/main.js"]
