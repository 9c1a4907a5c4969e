# Movie Analyst images: `--target api` (the backend) and `--target ui` (the Streamlit frontend).
# Both run as a non-root user on a pinned slim base; the API image carries the offline film
# catalog, already imported, so a container answers questions with no network and no keys.
# Build from the repository root: docker compose build (or docker build --target api .).

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# ---- build the API's virtualenv and import the offline catalog --------------------------------
FROM ${PYTHON_IMAGE} AS api-build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /build
RUN python -m venv /opt/venv
COPY pyproject.toml requirements.lock README.md ./
COPY src ./src
# Exact versions from the lock; the film table's package is data only, so without its deps.
RUN pip install -c requirements.lock . \
    && pip install --no-deps -c requirements.lock bokeh-sampledata==2026.1
RUN movie-analyst catalog import --catalog /opt/catalog/offline_catalog.db

# ---- build the UI's virtualenv (streamlit + the HTTP client only, never the backend) ----------
FROM ${PYTHON_IMAGE} AS ui-build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /build
RUN python -m venv /opt/venv
COPY requirements.lock ./
RUN pip install -c requirements.lock streamlit httpx httpx-sse

# ---- the API ------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS api
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --no-log-init --home-dir /app app \
    && mkdir -p /app /data \
    && chown app:app /app /data
COPY --from=api-build /opt/venv /opt/venv
COPY --from=api-build --chown=app:app /opt/catalog /opt/catalog
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATABASE_PATH=/data/chat_history.db \
    OFFLINE_CATALOG_PATH=/opt/catalog/offline_catalog.db \
    LOG_FORMAT=json
WORKDIR /app
USER 1000:1000
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["movie-analyst", "serve"]

# ---- the UI -------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS ui
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --no-log-init --home-dir /app app
COPY --from=ui-build /opt/venv /opt/venv
# The UI package only (never the server's): its folder on PYTHONPATH is its import name.
COPY --chown=app:app src/movie_analyst_ui /app/movie_analyst_ui
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    BACKEND_URL=http://backend:8000 \
    UI_SETTINGS_PATH=/tmp/ui_settings.json
WORKDIR /app
USER 1000:1000
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["streamlit", "run", "movie_analyst_ui/app.py", "--server.headless=true", "--server.address=0.0.0.0", \
     "--server.port=8501", "--browser.gatherUsageStats=false"]
