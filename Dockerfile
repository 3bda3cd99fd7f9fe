# The elbostream image: the service and the trainer, one entry point (`elbostream <command>`).
# Multi-stage: Maven builds in the first stage; the second holds only a JRE, the classes and the
# dependency jars (PyTorch's native library among them, so nothing is downloaded at start: DJL
# extracts it from its jar into DJL_CACHE_DIR, an emptyDir under Kubernetes), running as a
# non-root user on a root filesystem that may be read-only.
#   docker build -t elbostream:0.1.0 .
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# cli/target/image is /opt/elbostream (cli/src/assembly/image.xml): lib/ with every runtime jar,
# schemas/ with the Avro schemas.
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 elbostream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin elbostream
COPY --from=build /src/cli/target/image /opt/elbostream
ENV OPT_OUT_TRACKING=true \
    DJL_CACHE_DIR=/var/cache/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dai.djl.offline=true"
USER 10001:10001
ENTRYPOINT ["java", "-cp", "/opt/elbostream/lib/*", "org.elbostream.cli.Elbostream"]
CMD ["--help"]
