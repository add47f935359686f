# syntax=docker/dockerfile:1
# Xiehui: one image, one process (web app, /api/v1, Socket.IO, collab server).
#   docker build -t xiehui .
#   docker run -p 3000:3000 -v xiehui-data:/app/data xiehui          # embedded PGlite under /app/data
#   docker compose up                                                  # with PostgreSQL and Redis
# The app applies pending migrations itself at start; the image carries no Prisma CLI.

ARG NODE_VERSION=24

# --- build: all dependencies, the generated Prisma client and the SvelteKit build ----------------
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
# openssl: Prisma's CLI detects it when it fetches its engine for `prisma generate`;
# python3/make/g++: native addons (argon2) when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# What `npm ci` needs, first, so that the dependency layer is reused while only the code changes.
# Its postinstall runs `prisma generate` (scripts/prisma-generate.ts) into server/db/generated.
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY scripts/prisma-generate.ts scripts/prisma-env.ts scripts/
COPY prisma/schema prisma/schema
RUN npm ci
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && test -f client/build/handler.js \
 && test -f build/pglite-template.version \
 && test -d server/db/generated

# --- runtime: production dependencies, the server code and the built client, as a non-root user --
FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/schema ./schema
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/collab ./collab
COPY --from=build --chown=node:node /app/server ./server
COPY --from=build --chown=node:node /app/client/build ./client/build
# The empty embedded-database cluster that a first start copies instead of running initdb.
COPY --from=build --chown=node:node /app/build ./build
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# The embedded database (used when DATABASE_URL is unset) lives here.
VOLUME ["/app/data"]
EXPOSE 3000
# /readyz answers 200 once the database is reachable and every migration is applied.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 and receives SIGTERM: it drains connections and stores open documents.
STOPSIGNAL SIGTERM
CMD ["node", "--liftoff-only", "--max-semi-space-size=8", "server/main.ts"]
