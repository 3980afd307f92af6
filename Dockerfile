# Build on the .NET 10 SDK with the same publish script CI runs (.ci/publish), ship the trimmed,
# self-contained program on the minimal runtime-deps image.
# Base images are pinned by digest (the multi-platform index, so amd64 and arm64 both resolve) and kept
# current by Dependabot (.github/dependabot.yml), which rewrites tag and digest together. To check a pin:
#   docker buildx imagetools inspect mcr.microsoft.com/dotnet/sdk:10.0
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0@sha256:ea8bde36c11b6e7eec2656d0e59101d4462f6bd630730f2c8201ed0572b295d5 AS build
ARG TARGETARCH=amd64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/EcsDeploy/EcsDeploy.csproj src/EcsDeploy/
RUN dotnet restore src/EcsDeploy/EcsDeploy.csproj -p:PublishReadyToRun=true -r linux-$( [ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64 )
COPY .ci/publish .ci/publish
COPY src/EcsDeploy/ src/EcsDeploy/
RUN bash .ci/publish "$TARGETARCH" /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled@sha256:b857c8cb8d929183cfe4c6dd9994abba92a2639dd2dbaf06005379f815991604 AS runtime
# GitHub runs container actions as root and mounts the workspace owned by root.
USER 0:0
COPY --from=build /app /app
ENTRYPOINT ["/app/ecs-deploy"]
