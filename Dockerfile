# Docksmith's container image: a wheel build and a slim Debian runtime with
# the Docker CLI and the compose CLI that the update engine calls, and the
# ssh client that compose needs for an ssh:// Docker host.
#
# Build it with `make image`, which stages what the build copies into
# .image/stage-*/ (the wheels for the base's Python, the API console files
# and the web UI built on the host) and builds offline, without BuildKit,
# on the test lab's engine from the lab's own Debian base. See
# docs/deploy.md ("Building the image").
#
# BASE is any Debian trixie image: the default is the official slim one; the
# lab passes its debootstrap base, which already holds the packages the
# system stage would otherwise apt-get, so no step needs the network.
ARG BASE=debian:trixie-slim

FROM ${BASE} AS system
RUN set -eu; \
    missing=""; \
    for pkg in python3 python3-venv docker-cli docker-compose openssh-client ca-certificates; do \
      dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed \
        || missing="$missing $pkg"; \
    done; \
    if [ -n "$missing" ]; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; \
      rm -rf /var/lib/apt/lists/*; \
    fi

# The wheel build: Docksmith's wheel from the source, then a virtual
# environment with it and its pinned dependencies, all from the staged
# wheelhouse (--no-index: nothing is fetched).
FROM system AS build
ARG STAGE=.image/stage
COPY ${STAGE}/wheels /wheels
COPY pyproject.toml README.md /src/
COPY rest /src/rest
COPY schema /src/schema
COPY resolvers /src/resolvers
COPY services /src/services
RUN python3 -m venv /opt/docksmith \
    && /opt/docksmith/bin/pip wheel --quiet --no-cache-dir --no-index \
       --find-links /wheels --no-deps --wheel-dir /dist /src \
    && /opt/docksmith/bin/pip install --quiet --no-cache-dir --no-index \
       --find-links /wheels /dist/docksmith-*.whl
# Swagger UI and GraphiQL files (`make assets` on the host: npm needs a
# registry the build cannot reach), where rest/consoles looks for them.
COPY ${STAGE}/consoles /consoles
RUN consoles="$(/opt/docksmith/bin/python -c \
      'import pathlib, rest.consoles as c; print(pathlib.Path(c.__file__).parent)')" \
    && cp -a /consoles "$consoles/node_modules"

# The UI stage: the web UI as built on the host from frontend/ (empty when
# there is no frontend/), for the same reason as the console files.
FROM scratch AS ui
ARG STAGE=.image/stage
COPY ${STAGE}/ui /ui

FROM system AS runtime
ARG VERSION=0.0.0
ARG REVISION=unknown
ARG SOURCE=
LABEL org.opencontainers.image.title="Docksmith" \
      org.opencontainers.image.description="Docker container update manager for self-hosters" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# A non-root user. The Docker socket is root:docker 0660 on most hosts, so the
# container needs the socket's group added (compose: group_add, docker run:
# --group-add) or it cannot reach the engine: docs/deploy.md, "User".
RUN groupadd --gid 1000 docksmith \
    && useradd --uid 1000 --gid 1000 --create-home --home-dir /home/docksmith \
       --shell /usr/sbin/nologin docksmith \
    && install -d -o docksmith -g docksmith -m 0750 /data /home/docksmith/.docker
COPY --from=build /opt/docksmith /opt/docksmith
COPY --from=ui /ui /opt/docksmith/ui
COPY deploy/healthcheck.py /opt/docksmith/healthcheck.py
COPY deploy/entrypoint.sh /opt/docksmith/entrypoint.sh
# The server runs under python -OO (deploy/entrypoint.sh), whose bytecode
# (.opt-2.pyc) is compiled here, for the standard library too: the user
# cannot write it at run time, and compiling every module from source at
# each start costs seconds and memory. Files that are not Python 3 (test
# data some packages ship) are never imported; they do not stop the build.
RUN python3 -OO -m compileall -q -j 0 \
      "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')" \
      /opt/docksmith/lib >/dev/null || true
# HOST=0.0.0.0 here only: outside a container the default stays loopback.
ENV PATH=/opt/docksmith/bin:$PATH \
    HOST=0.0.0.0 \
    PORT=3000 \
    DB_PATH=/data/docksmith.db \
    STATIC_DIR=/opt/docksmith/ui \
    DOCKER_CONFIG=/home/docksmith/.docker \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
VOLUME /data
EXPOSE 3000
USER docksmith
WORKDIR /data
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python3", "/opt/docksmith/healthcheck.py"]
ENTRYPOINT ["/opt/docksmith/entrypoint.sh"]
CMD ["serve"]
