# Build on the .NET 10 SDK with the same publish script CI runs (.ci/publish): one native (AOT) executable,
# shipped alone on the minimal runtime-deps image.
# Base images are pinned by digest (the multi-platform index, so amd64 and arm64 both resolve) and kept
# current by Dependabot (.github/dependabot.yml), which rewrites tag and digest together. To check a pin:
#   docker buildx imagetools inspect mcr.microsoft.com/dotnet/sdk:10.0
# The build stage runs on the builder's own architecture and compiles for the target's, so an arm64 image
# needs no emulation: the native link then uses clang with the target's cross binutils, C runtime and zlib.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0@sha256:ea8bde36c11b6e7eec2656d0e59101d4462f6bd630730f2c8201ed0572b295d5 AS build
ARG TARGETARCH=amd64
ARG BUILDARCH=amd64
RUN set -eux; \
    packages="clang zlib1g-dev"; \
    if [ "$TARGETARCH" != "$BUILDARCH" ]; then \
      case "$TARGETARCH" in \
        arm64) triple=aarch64-linux-gnu; mirror=http://ports.ubuntu.com/ubuntu-ports ;; \
        amd64) triple=x86-64-linux-gnu; mirror=http://archive.ubuntu.com/ubuntu ;; \
        *) echo "unsupported TARGETARCH $TARGETARCH" >&2; exit 1 ;; \
      esac; \
      . /etc/os-release; \
      sed -i "/^Types:/a Architectures: $BUILDARCH" /etc/apt/sources.list.d/ubuntu.sources; \
      printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates %s-security\nComponents: main universe\nArchitectures: %s\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n' \
        "$mirror" "$VERSION_CODENAME" "$VERSION_CODENAME" "$VERSION_CODENAME" "$TARGETARCH" > /etc/apt/sources.list.d/target.sources; \
      dpkg --add-architecture "$TARGETARCH"; \
      packages="$packages llvm gcc-$triple zlib1g-dev:$TARGETARCH"; \
    fi; \
    apt-get update; \
    apt-get install -y --no-install-recommends $packages; \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/EcsDeploy/EcsDeploy.csproj src/EcsDeploy/
RUN dotnet restore src/EcsDeploy/EcsDeploy.csproj -r linux-$( [ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64 )
COPY .ci/publish .ci/publish
COPY src/EcsDeploy/ src/EcsDeploy/
RUN bash .ci/publish "$TARGETARCH" /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled@sha256:b857c8cb8d929183cfe4c6dd9994abba92a2639dd2dbaf06005379f815991604 AS runtime
# GitHub runs container actions as root and mounts the workspace owned by root.
USER 0:0
COPY --from=build /app /app
ENTRYPOINT ["/app/ecs-deploy"]
