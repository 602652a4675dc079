# syntax=docker/dockerfile:1
# One image recipe for every SmePlatform host (the five services and the gateway):
#   docker build --build-arg PROJECT=services/OneStop/SmePlatform.OneStop.csproj \
#                --build-arg ASSEMBLY=SmePlatform.OneStop -t sme/onestop .
# docker-compose.yml builds each of them this way.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
ARG CONFIGURATION=Release
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Build props, central package versions and global.json first, then the sources (.dockerignore
# keeps bin/, obj/, tests/ and local state out of the context).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/ contracts/
COPY services/ services/
COPY gateway/ gateway/
RUN if [ -z "$PROJECT" ]; then echo "build-arg PROJECT (path of the .csproj) is required" >&2; exit 1; fi
RUN dotnet publish "$PROJECT" -c "$CONFIGURATION" -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG ASSEMBLY
WORKDIR /app
COPY --from=build /app ./
# The entry point runs the dll named at build time; exec hands SIGTERM straight to dotnet so that
# `docker stop` shuts the host down gracefully.
RUN if [ -z "$ASSEMBLY" ]; then echo "build-arg ASSEMBLY (dll name, no extension) is required" >&2; exit 1; fi; \
    if [ ! -f "/app/$ASSEMBLY.dll" ]; then echo "/app/$ASSEMBLY.dll was not published" >&2; exit 1; fi; \
    printf '#!/bin/sh\nexec dotnet /app/%s.dll "$@"\n' "$ASSEMBLY" > /entrypoint.sh; \
    chmod 755 /entrypoint.sh
ENV ASPNETCORE_URLS=http://+:8080 DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["/entrypoint.sh"]
