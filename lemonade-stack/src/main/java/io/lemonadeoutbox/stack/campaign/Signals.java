package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** SIGSTOP and SIGCONT for a service JVM: frozen, not dead; its sockets stay open and its peers time out on it. */
final class Signals {

    private Signals() {
    }

    static void pause(ServiceProcess service) {
        signal("STOP", service);
    }

    static void resume(ServiceProcess service) {
        signal("CONT", service);
    }

    private static void signal(String signal, ServiceProcess service) {
        if (!service.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(service.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " did not return");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not send SIG" + signal + " to " + service.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
