# quire: a multi-stage build. The first stage compiles; the second is a small
# Debian image that runs the binary as an unprivileged user.
# For deployments: Docker does not run on the development machines.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# Build the dependencies first, so a code change does not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --create-home quire
COPY --from=build /src/target/release/quire /usr/local/bin/quire
USER quire
WORKDIR /data
ENV QUIRE_BIND=0.0.0.0:3000 \
    QUIRE_DATABASE_URL=sqlite:///data/quire.db
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
ENTRYPOINT ["quire"]
CMD ["serve"]
