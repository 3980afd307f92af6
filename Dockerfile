# syntax=docker/dockerfile:1
# Build on the .NET 10 SDK with the same publish script CI runs (.ci/publish), ship the trimmed,
# self-contained program on the minimal runtime-deps image.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH=amd64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/EcsDeploy/EcsDeploy.csproj src/EcsDeploy/
RUN dotnet restore src/EcsDeploy/EcsDeploy.csproj -p:PublishReadyToRun=true -r linux-$( [ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64 )
COPY .ci/publish .ci/publish
COPY src/EcsDeploy/ src/EcsDeploy/
RUN bash .ci/publish "$TARGETARCH" /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
# GitHub runs container actions as root and mounts the workspace owned by root.
USER 0:0
COPY --from=build /app /app
ENTRYPOINT ["/app/ecs-deploy"]
