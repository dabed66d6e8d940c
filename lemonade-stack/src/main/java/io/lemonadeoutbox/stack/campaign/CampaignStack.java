package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.infra.EmbeddedSettings;
import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.services.LemonadeServices;
import io.lemonadeoutbox.testkit.services.LemonadeServices.Wiring;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.stack.InfrastructureServers;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.testkit.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the campaign runs against: the embedded PostgreSQL 17 and Kafka of the local stack (throw-away data), two
 * instances of the stand's app sharing its database (lemonade-app: the event store and the publishing processor's
 * two segments; lemonade-peer: the sale table and Modulith's registry), and two thankyou-service instances in one consumer group on one database. Service output goes to a log file, not the
 * console.
 */
final class CampaignStack implements AutoCloseable {

    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** Quick start over peak speed, and a heap small enough for four JVMs beside the broker on a small machine. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xmx384m");

    private final Infrastructure infrastructure;
    private final LemonadeServices services;
    private final Wiring wiring;
    private final Stand stand;
    private final List<ServiceProcess> apps;
    private final List<ServiceProcess> consumers;
    private final Writer serviceLog;

    private CampaignStack(Infrastructure infrastructure, LemonadeServices services, Wiring wiring, Stand stand,
                          List<ServiceProcess> apps, List<ServiceProcess> consumers, Writer serviceLog) {
        this.infrastructure = infrastructure;
        this.services = services;
        this.wiring = wiring;
        this.stand = stand;
        this.apps = apps;
        this.consumers = consumers;
        this.serviceLog = serviceLog;
    }

    static CampaignStack start(CampaignSettings settings, Consumer<String> progress) {
        ProjectLayout layout = ProjectLayout.detect();
        Stand stand = settings.stand();
        Path appJar = stand.appJar(layout);
        Writer log = openLog(settings.reportDirectory().resolve("services.log"));
        Consumer<String> toLog = line -> write(log, line);
        progress.accept("starting embedded PostgreSQL 17 and Kafka (throw-away data)");
        Infrastructure infrastructure = Infrastructure.startEmbedded(EmbeddedSettings.throwaway());
        Wiring wiring = new Wiring(stand.salesDatabase(), Wiring.STANDARD.thankyouDatabase(), Wiring.STANDARD.topic(),
                Wiring.STANDARD.deadLetterTopic());
        LemonadeServices services = new LemonadeServices(layout, InfrastructureServers.of(infrastructure), wiring,
                FreePorts.pick(), FreePorts.pick(), JVM_OPTIONS, toLog);
        // the first instance gets the JVM options LemonadeServices gives lemonade-app, whichever jar it runs
        ServiceProcess first = stand.name().equals(AxonStand.NAME) ? services.lemonadeApp()
                : new ServiceProcess(stand.appName(), appJar, FreePorts.pick(),
                        concat(LemonadeServices.LEMONADE_APP_JVM, JVM_OPTIONS), toLog);
        List<ServiceProcess> apps = List.of(first,
                new ServiceProcess(stand.appName() + "-2", appJar, FreePorts.pick(), JVM_OPTIONS, toLog));
        List<ServiceProcess> consumers = List.of(services.thankyouService(),
                new ServiceProcess("thankyou-service-2", layout.thankyouServiceJar(), FreePorts.pick(), JVM_OPTIONS,
                        toLog));
        CampaignStack stack = new CampaignStack(infrastructure, services, wiring, stand, apps, consumers, log);
        try {
            List<String> appArgs = new ArrayList<>(services.lemonadeAppArgs());
            appArgs.addAll(stand.appArgs());
            appArgs.addAll(settings.switchArgs("lemonade"));
            List<String> consumerArgs = new ArrayList<>(services.thankyouServiceArgs());
            consumerArgs.addAll(settings.switchArgs("thankyou"));
            Map<String, String> permit = settings.negativeControl()
                    ? Map.of(CampaignSettings.PERMIT_VARIABLE, CampaignSettings.PERMIT_VALUE) : Map.of();
            progress.accept("stand " + stand.describe());
            progress.accept("starting 2 " + stand.appName() + " and 2 thankyou-service instances"
                    + (settings.negativeControl() ? " with the unsafe switches " + settings.unsafeSwitches() : ""));
            // the first instance migrates the shared database alone; a second one racing it on Flyway would only wait
            apps.get(0).start(appArgs, permit);
            consumers.get(0).start(consumerArgs, permit);
            apps.get(0).awaitHealthy(STARTUP_TIMEOUT);
            consumers.get(0).awaitHealthy(STARTUP_TIMEOUT);
            apps.get(1).start(appArgs, permit);
            consumers.get(1).start(consumerArgs, permit);
            apps.get(1).awaitHealthy(STARTUP_TIMEOUT);
            consumers.get(1).awaitHealthy(STARTUP_TIMEOUT);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    Stand stand() {
        return stand;
    }

    Infrastructure infrastructure() {
        return infrastructure;
    }

    List<ServiceProcess> apps() {
        return apps;
    }

    List<ServiceProcess> consumers() {
        return consumers;
    }

    List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(apps);
        all.addAll(consumers);
        return all;
    }

    /** The REST client of one app instance (cards are read from the first thankyou-service). */
    Shop shop(ServiceProcess app) {
        return new Shop(app.baseUrl(), consumers.get(0).baseUrl(), services.operator());
    }

    KafkaTopics kafka() {
        return new KafkaTopics(infrastructure.kafka().bootstrapServers());
    }

    /** The standard wiring, with the stand's own sales database (lemonade-peer keeps a Flyway history of its own). */
    Wiring wiring() {
        return wiring;
    }

    AuditSources databases() {
        return new AuditSources(infrastructure.postgres().jdbcUrl(wiring().lemonadeDatabase()),
                infrastructure.postgres().jdbcUrl(wiring().thankyouDatabase()),
                infrastructure.postgres().username(), infrastructure.postgres().password());
    }

    @Override
    public void close() {
        CompletableFuture.allOf(all().stream().map(service -> CompletableFuture.runAsync(() -> {
            Signals.resume(service);
            service.stop();
        })).toArray(CompletableFuture[]::new)).join();
        infrastructure.close();
        try {
            serviceLog.close();
        } catch (IOException e) {
            // the log is a courtesy
        }
    }

    private static Writer openLog(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void write(Writer log, String line) {
        synchronized (log) {
            try {
                log.write(line);
                log.write('\n');
                log.flush();
            } catch (IOException e) {
                // closed at the end of the run; late lines of a stopping service are dropped
            }
        }
    }
}
