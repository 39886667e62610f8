# Khlang server image (used by docker-compose.yml; the README's npm commands need no Docker).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY test/bench ./test/bench
COPY labels ./labels
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/labels ./labels
COPY --from=build /app/web ./web
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
