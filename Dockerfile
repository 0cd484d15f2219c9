# syntax=docker/dockerfile:1
# The service image: the wheel built and installed exactly as CI builds and installs it
# (.ci/wheel-build, proven by .ci/wheel-check), run as a non-root user by granian.
#   docker build -t salary-bands .
#   docker run --rm -e DATABASE_URL=... salary-bands migrate           # once per release
#   docker run -p 8000:8000 -e DATABASE_URL=... salary-bands            # serve
# Every setting comes from the environment (README: Production configuration).

FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY .ci/wheel-build .ci/wheel-build
COPY api/ api/
COPY migrations/ migrations/
COPY seeds/ seeds/
RUN .ci/wheel-build /dist /opt/venv

FROM python:3.12-slim-bookworm
RUN useradd --system --uid 10001 --user-group --no-log-init \
      --home-dir /var/lib/salary-bands --create-home --shell /usr/sbin/nologin salary-bands
COPY --from=build /opt/venv /opt/venv
# INSTANCE_PATH holds the default SQLite file when DATABASE_URL is unset (mount a volume there).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    INSTANCE_PATH=/var/lib/salary-bands \
    HOST=0.0.0.0 \
    PORT=8000
USER 10001:10001
WORKDIR /var/lib/salary-bands
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8000'), timeout=4)"]
# `salary-bands serve` is granian with the settings from the environment; `migrate`, `seed`,
# `keys` and the imports run as one-off commands in the same image.
ENTRYPOINT ["salary-bands"]
CMD ["serve"]
