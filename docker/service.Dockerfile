# syntax=docker/dockerfile:1
# lemonade-app or thankyou-service, whichever MODULE names. Build context = repository root:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=lemonade-app --build-arg PORT=8080 -t lemonade-app .
# PORT must be the server.port of the module's application.yml (8080 for lemonade-app, 8081 for thankyou-service).

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    : "${MODULE:?build with --build-arg MODULE=lemonade-app or thankyou-service}" \
    && ./mvnw -B -q -pl "$MODULE" -am package -DskipTests

FROM eclipse-temurin:17-jre
ARG MODULE
ARG PORT
RUN : "${PORT:?build with --build-arg PORT=the server.port of the module}" \
    && apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app \
    && useradd --system --gid app --no-create-home app
# the healthcheck runs in the container, where build arguments no longer exist
ENV SERVICE_PORT=${PORT}
WORKDIR /app
COPY --from=build /src/${MODULE}/target/${MODULE}.jar app.jar
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=12 \
    CMD curl -fsS "http://localhost:${SERVICE_PORT}/actuator/health" | grep -q '"status":"UP"' || exit 1
USER app
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
