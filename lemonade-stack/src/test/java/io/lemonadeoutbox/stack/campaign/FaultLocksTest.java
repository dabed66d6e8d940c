package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** All locks or none, in the order faults fell due. */
class FaultLocksTest {

    private final FaultLocks locks = new FaultLocks();

    @Test
    void aLaterFaultDoesNotTakeALockAnEarlierOneWaitsFor() throws Exception {
        Fault kill = fault(1, List.of("lemonade-app"));
        Fault held = fault(2, List.of("lemonade-app", "postgres"));
        Fault secondKill = fault(3, List.of("lemonade-app"));
        assertThat(locks.acquire(kill, deadline(1))).isNull();
        CompletableFuture<String> heldTakes = CompletableFuture.supplyAsync(() -> acquire(held, 10));
        Thread.sleep(200);
        CompletableFuture<String> secondKillTakes = CompletableFuture.supplyAsync(() -> acquire(secondKill, 10));
        Thread.sleep(200);

        locks.release(kill);

        assertThat(heldTakes.get(5, TimeUnit.SECONDS)).as("the earlier fault goes first").isNull();
        assertThat(secondKillTakes).isNotDone();
        locks.release(held);
        assertThat(secondKillTakes.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aFaultHoldsNoneOfItsLocksWhileItWaitsForOne() throws Exception {
        Fault outage = fault(1, List.of("thankyou-database"));
        Fault restart = fault(2, List.of("postgres", "thankyou-database"));
        Fault storm = fault(3, List.of("postgres"));
        assertThat(locks.acquire(outage, deadline(1))).isNull();
        CompletableFuture<String> restartTakes = CompletableFuture.supplyAsync(() -> acquire(restart, 1));

        assertThat(restartTakes.get(5, TimeUnit.SECONDS)).as("skipped at its deadline").isEqualTo("thankyou-database");
        assertThat(locks.acquire(storm, deadline(1))).as("postgres was never taken by the waiting restart").isNull();
    }

    @Test
    void sharedLocksOnOneThingGoTogetherAndAnExclusiveOneWaitsForThemAll() throws Exception {
        Fault brokerProbe = fault(1, List.of("broker", FaultLocks.SHARED + "lemonade-app"));
        Fault heldProbe = fault(2, List.of("postgres", FaultLocks.SHARED + "lemonade-app"));
        Fault kill = fault(3, List.of("lemonade-app"));
        assertThat(locks.acquire(brokerProbe, deadline(1))).isNull();
        assertThat(locks.acquire(heldProbe, deadline(1))).as("both probes at once").isNull();
        CompletableFuture<String> killTakes = CompletableFuture.supplyAsync(() -> acquire(kill, 10));

        locks.release(brokerProbe);
        Thread.sleep(300);
        assertThat(killTakes).as("one shared holder is left").isNotDone();
        locks.release(heldProbe);
        assertThat(killTakes.get(5, TimeUnit.SECONDS)).isNull();
    }

    private String acquire(Fault fault, int seconds) {
        try {
            return locks.acquire(fault, deadline(seconds));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long deadline(int seconds) {
        return System.currentTimeMillis() + seconds * 1000L;
    }

    private static Fault fault(int number, List<String> locks) {
        return new Fault(number, Fault.Kind.KILL, "", 0, 0, 0, locks);
    }
}
