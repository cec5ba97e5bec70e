# syntax=docker/dockerfile:1

# The hub as an image: `docker compose up` (compose.yaml) or docs/deployment.md.

# --- build: every dependency, the TypeScript compiled into dist/, the IDE and the dashboard bundled
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles itself when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY migrations ./migrations
COPY src ./src
# Then only what production needs: the runtime stage copies these modules, native builds included.
RUN npm run build && npm prune --omit=dev

# --- runtime: production dependencies, dist/ and the policy parameters the hub reads at start
FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at start (HUB_POLICY_DIR's default); tsc does not copy JSON it does not import.
COPY --from=build /app/src/policy/parameters ./src/policy/parameters
# The code stays root's and read-only; the hub writes only to data/ (an embedded SQLite database, if used).
RUN mkdir data && chown node:node data
USER node
EXPOSE 4000
# /healthz answers 200 while the database answers; node:20-slim has no curl, node's fetch does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
