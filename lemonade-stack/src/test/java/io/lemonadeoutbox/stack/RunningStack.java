package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.stack.LemonadeServices.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Both services as child JVMs on free ports, with databases and topics of their own, on the given (shared)
 * infrastructure. Closing it stops the services; the infrastructure belongs to whoever started it.
 */
public final class RunningStack implements AutoCloseable {

    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final Infrastructure infrastructure;
    private final Wiring wiring;
    private final LemonadeServices services;

    private RunningStack(Infrastructure infrastructure, Wiring wiring, LemonadeServices services) {
        this.infrastructure = infrastructure;
        this.wiring = wiring;
        this.services = services;
    }

    /** Fresh databases and topics (named after a random run id) so stacks in one JVM never see each other's data. */
    public static RunningStack start(Infrastructure infrastructure) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Wiring wiring = new Wiring("lemonade_" + run, "thankyou_" + run,
                "lemonade.sales." + run, "lemonade.sales." + run + ".DLT");
        LemonadeServices services = new LemonadeServices(ProjectLayout.detect(), infrastructure, wiring,
                freePort(), freePort(), List.of(), System.out::println);
        RunningStack stack = new RunningStack(infrastructure, wiring, services);
        try {
            services.start();
            services.awaitHealthy(STARTUP_TIMEOUT, System.out::println);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public Wiring wiring() {
        return wiring;
    }

    public ServiceProcess lemonadeApp() {
        return services.lemonadeApp();
    }

    public ServiceProcess thankyouService() {
        return services.thankyouService();
    }

    public String lemonadeAppUrl(String path) {
        return lemonadeApp().baseUrl() + path;
    }

    public String thankyouServiceUrl(String path) {
        return thankyouService().baseUrl() + path;
    }

    public String lemonadeJdbcUrl() {
        return infrastructure.postgres().jdbcUrl(wiring.lemonadeDatabase());
    }

    public String thankyouJdbcUrl() {
        return infrastructure.postgres().jdbcUrl(wiring.thankyouDatabase());
    }

    @Override
    public void close() {
        services.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
