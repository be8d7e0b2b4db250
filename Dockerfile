# Lamplight in a container: a static binary on an empty base, run as a
# user that is not root.
#
#   docker build -t lamplight .
#   docker run --rm -v "$PWD":/site --user "$(id -u):$(id -g)" lamplight build
#   docker run --rm -v "$PWD":/site --user "$(id -u):$(id -g)" lamplight check
#   docker run --rm -v "$PWD":/site --user "$(id -u):$(id -g)" -p 1111:1111 \
#     lamplight serve --interface 0.0.0.0
#
# `--user` makes the files the build writes (public/) yours rather than the
# image's user's. The site folder is mounted at /site, the working folder.

FROM rust:1-alpine AS build
# musl-dev and make: the C parts of jemalloc, ring and Oniguruma, built statically.
RUN apk add --no-cache musl-dev make
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && cp target/release/lamplight /lamplight

FROM scratch
# Certificates, for `lamplight check --external`.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /lamplight /usr/local/bin/lamplight
USER 10001:10001
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/lamplight"]
CMD ["build"]
