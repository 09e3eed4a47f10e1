# The emulator as a container: docker build -t atlas-emulator . && docker run -p 8080:8080 atlas-emulator
# Build stage: compiles the TypeScript and the SQLite driver, then drops what only builds need.
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run stage: the compiled server and its production dependencies, as the unprivileged node user.
FROM node:20-slim
ENV NODE_ENV=production \
    ATLAS_EMULATOR_HOST=0.0.0.0 \
    ATLAS_EMULATOR_PORT=8080 \
    ATLAS_EMULATOR_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY LICENSE README.md ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Listening on 0.0.0.0 without ATLAS_EMULATOR_CONTROL_TOKEN, the server makes a control token up,
# prints it and keeps it in /data/credentials.json; the health endpoint stays open for this check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.ATLAS_EMULATOR_PORT||8080)+'/__emulator/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/cli.js"]
