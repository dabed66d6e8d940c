package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.services.LemonadeServices;
import io.lemonadeoutbox.testkit.services.LemonadeServices.Wiring;
import io.lemonadeoutbox.testkit.services.Operator;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Both services as child JVMs on free ports, with databases and topics of their own, on the given (shared)
 * infrastructure. Closing it stops the services; the infrastructure belongs to whoever started it.
 */
public final class RunningStack implements AutoCloseable {

    /** Test stacks live for a minute or two: a quicker start (C1 only) is worth more than peak speed. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final Infrastructure infrastructure;
    private final Wiring wiring;
    private final ProjectLayout layout;
    private final LemonadeServices services;
    private final List<String> lemonadeAppArgs;
    private final List<String> thankyouServiceArgs;
    private final List<ServiceProcess> moreInstances = new CopyOnWriteArrayList<>();

    private RunningStack(Infrastructure infrastructure, Wiring wiring, ProjectLayout layout, LemonadeServices services,
                         List<String> lemonadeAppArgs, List<String> thankyouServiceArgs) {
        this.infrastructure = infrastructure;
        this.wiring = wiring;
        this.layout = layout;
        this.services = services;
        this.lemonadeAppArgs = lemonadeAppArgs;
        this.thankyouServiceArgs = thankyouServiceArgs;
    }

    /** Fresh databases and topics (named after a random run id) so stacks in one JVM never see each other's data. */
    public static RunningStack start(Infrastructure infrastructure) {
        return start(infrastructure, List.of());
    }

    /**
     * As {@link #start(Infrastructure)}, with lemonade-app settings added to its wiring arguments (for example
     * {@code --axon.eventhandling.tokenstore.claim-timeout=5s}).
     */
    public static RunningStack start(Infrastructure infrastructure, List<String> extraLemonadeAppArgs) {
        return start(infrastructure, extraLemonadeAppArgs, List.of());
    }

    /**
     * As {@link #start(Infrastructure, List)}, with thankyou-service settings added as well; every thankyou-service
     * instance of the stack gets them (for example {@code --thankyou.unsafe.inbox-accepts-duplicates=true}).
     */
    public static RunningStack start(Infrastructure infrastructure, List<String> extraLemonadeAppArgs,
                                     List<String> extraThankyouServiceArgs) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Wiring wiring = new Wiring("lemonade_" + run, "thankyou_" + run,
                "lemonade.sales." + run, "lemonade.sales." + run + ".DLT");
        ProjectLayout layout = ProjectLayout.detect();
        LemonadeServices services = new LemonadeServices(layout, InfrastructureServers.of(infrastructure), wiring,
                FreePorts.pick(), FreePorts.pick(), TEST_JVM_OPTIONS, System.out::println);
        List<String> lemonadeAppArgs = new ArrayList<>(services.lemonadeAppArgs());
        lemonadeAppArgs.addAll(extraLemonadeAppArgs);
        List<String> thankyouServiceArgs = new ArrayList<>(services.thankyouServiceArgs());
        thankyouServiceArgs.addAll(extraThankyouServiceArgs);
        RunningStack stack = new RunningStack(infrastructure, wiring, layout, services, List.copyOf(lemonadeAppArgs),
                List.copyOf(thankyouServiceArgs));
        try {
            services.lemonadeApp().start(stack.lemonadeAppArgs, unsafeSwitchPermit(stack.lemonadeAppArgs));
            services.thankyouService().start(stack.thankyouServiceArgs, unsafeSwitchPermit(stack.thankyouServiceArgs));
            services.awaitHealthy(STARTUP_TIMEOUT, System.out::println);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The arguments lemonade-app was started with: its wiring plus any extra settings. */
    public List<String> lemonadeAppArgs() {
        return lemonadeAppArgs;
    }

    /**
     * Starts one more lemonade-app on a free port, on the same event store and topic, with the first one's arguments
     * where {@code overridingArgs} replace those of the same name; it is stopped with the stack. The caller waits for
     * its health.
     */
    public ServiceProcess startAnotherLemonadeApp(List<String> overridingArgs) {
        return startAnotherLemonadeApp(layout.lemonadeAppJar(), overridingArgs);
    }

    /** As {@link #startAnotherLemonadeApp(List)}, from another build of lemonade-app (a previous version). */
    public ServiceProcess startAnotherLemonadeApp(java.nio.file.Path jar, List<String> overridingArgs) {
        ServiceProcess another = new ServiceProcess("lemonade-app-" + (moreInstances.size() + 2),
                jar, FreePorts.pick(), TEST_JVM_OPTIONS, System.out::println);
        moreInstances.add(another);
        List<String> args = overriding(lemonadeAppArgs, overridingArgs);
        another.start(args, unsafeSwitchPermit(args));
        return another;
    }

    /**
     * Starts one more thankyou-service on a free port, in the same consumer group on the same database and topic; it is
     * stopped with the stack. The caller waits for its health.
     */
    public ServiceProcess startAnotherThankyouService() {
        ServiceProcess another = new ServiceProcess("thankyou-service-" + (moreInstances.size() + 2),
                layout.thankyouServiceJar(), FreePorts.pick(), TEST_JVM_OPTIONS, System.out::println);
        moreInstances.add(another);
        another.start(thankyouServiceArgs, unsafeSwitchPermit(thankyouServiceArgs));
        return another;
    }

    /** Stops lemonade-app and starts it again with {@code overridingArgs} replacing settings of the same name. */
    public void restartLemonadeApp(List<String> overridingArgs) {
        lemonadeApp().stop();
        List<String> args = overriding(lemonadeAppArgs, overridingArgs);
        lemonadeApp().start(args, unsafeSwitchPermit(args));
        lemonadeApp().awaitHealthy(STARTUP_TIMEOUT);
    }

    /**
     * A test that starts a service with a {@code .unsafe.} switch (a negative control) permits it in that child
     * only, as the unsafe-switch convention asks: {@code LEMONADE_UNSAFE_SWITCHES=negative-control}.
     */
    static Map<String, String> unsafeSwitchPermit(List<String> args) {
        return args.stream().anyMatch(arg -> arg.contains(".unsafe."))
                ? Map.of("LEMONADE_UNSAFE_SWITCHES", "negative-control") : Map.of();
    }

    /** Spring Boot joins a repeated {@code --name=value} into "a,b", so a replaced setting must not stay in. */
    static List<String> overriding(List<String> args, List<String> overridingArgs) {
        List<String> names = overridingArgs.stream().map(RunningStack::optionName).toList();
        List<String> merged = new ArrayList<>(args.stream().filter(arg -> !names.contains(optionName(arg))).toList());
        merged.addAll(overridingArgs);
        return merged;
    }

    private static String optionName(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
    }

    /** The REST client of the stack's own lemonade-app and thankyou-service. */
    public Shop shop() {
        return shop(lemonadeApp());
    }

    /** The REST client selling through {@code lemonadeApp}, another instance on the stack's event store. */
    public Shop shop(ServiceProcess lemonadeApp) {
        return new Shop(lemonadeApp.baseUrl(), thankyouService().baseUrl(), operator());
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public Wiring wiring() {
        return wiring;
    }

    /** The operator both services accept on /api/operations/** during this run. */
    public Operator operator() {
        return services.operator();
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
        moreInstances.forEach(ServiceProcess::stop);
        services.stop();
    }
}
