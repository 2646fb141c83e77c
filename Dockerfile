FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# The image is Node.js 24 already: --ignore-scripts keeps the `node` devDependency from fetching
# a second one (its preinstall does), and `npm run build` generates the Prisma client itself.
RUN npm ci --no-audit --no-fund --ignore-scripts && rm -rf node_modules/node node_modules/.bin/node
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
