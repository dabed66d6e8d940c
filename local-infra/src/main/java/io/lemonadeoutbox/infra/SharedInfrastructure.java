package io.lemonadeoutbox.infra;

/** One infrastructure per test JVM: started by the first caller, closed when the JVM exits. */
public final class SharedInfrastructure {

    private static volatile Infrastructure instance;

    private SharedInfrastructure() {
    }

    public static Infrastructure get() {
        Infrastructure started = instance;
        if (started != null) {
            return started;
        }
        synchronized (SharedInfrastructure.class) {
            if (instance == null) {
                Infrastructure infrastructure = Infrastructure.start();
                Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "lemonade-infra-shutdown"));
                instance = infrastructure;
            }
            return instance;
        }
    }
}
