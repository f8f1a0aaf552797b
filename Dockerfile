# syntax=docker/dockerfile:1
# Quorum: pull-request review by a pool of local language models.
#
#   docker build -t quorum .
#   docker run -p 3000:3000 -v "$PWD/models:/models:ro" --env-file .env quorum
#
# Models are not baked into the image: mount a folder holding the GGUF files and a pool file at
# /models (QUORUM_POOL=/models/pool.yml). docker-compose.yml runs it with Redis.

# ---- dependencies: production packages only --------------------------------------------------
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: llama.cpp comes prebuilt in node-llama-cpp's optional platform packages; its
# postinstall would only offer to compile from source, which needs a toolchain this image lacks.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# ---- runtime ---------------------------------------------------------------------------------
FROM node:20-slim
# git: diffs and worktrees. bubblewrap: the sandbox for repository code (Quorum falls back to
# util-linux `unshare`, already in the base image). ca-certificates: HTTPS to GitHub.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git bubblewrap ca-certificates \
  && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
  PORT=3000 \
  QUORUM_POOL=/models/pool.yml

WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# The app runs its TypeScript through tsx (a production dependency): there is no build output.
COPY package.json app.yml ./
COPY bin ./bin
COPY src ./src

# The base image's unprivileged user (uid 1000); nothing in /app is writable by it.
USER node
VOLUME ["/models"]
EXPOSE 3000

# Probot answers GET /ping with "PONG". The slim image has no curl, so Node itself asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "bin/quorum.js"]
CMD ["all"]
