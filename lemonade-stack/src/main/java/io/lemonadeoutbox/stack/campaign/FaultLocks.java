package io.lemonadeoutbox.stack.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who holds what while faults run. A fault takes all its locks at once or none, so it never holds one while it waits
 * for another; and in the order faults fell due, so a short fault that falls due later cannot take a lock from under
 * a long one that waits for several (a kill jumping ahead of the held transaction until the end). A lock named
 * {@value #SHARED}name is held shared: faults that only need name's thing to keep running (the publisher probes)
 * may hold it together, while one that takes name itself (a kill) excludes them all.
 */
final class FaultLocks {

    static final String SHARED = "shared:";

    private final Map<String, List<Fault>> owners = new HashMap<>();
    private final TreeMap<Integer, Fault> waiting = new TreeMap<>();

    /** Waits until the fault holds all its locks (null) or the deadline passed (the name of a lock still busy). */
    synchronized String acquire(Fault fault, long deadlineMillis) throws InterruptedException {
        waiting.put(fault.number(), fault);
        try {
            while (true) {
                String busy = blocking(fault);
                if (busy == null) {
                    fault.locks().forEach(name -> owners.computeIfAbsent(name, key -> new ArrayList<>()).add(fault));
                    return null;
                }
                long left = deadlineMillis - System.currentTimeMillis();
                if (left <= 0) {
                    return busy;
                }
                wait(Math.min(left, 500));
            }
        } finally {
            waiting.remove(fault.number());
            notifyAll();
        }
    }

    synchronized void release(Fault fault) {
        owners.values().forEach(holders -> holders.remove(fault));
        owners.values().removeIf(List::isEmpty);
        notifyAll();
    }

    /** A lock of the fault that is held, or wanted by a fault that fell due before it; null when it may go. */
    private String blocking(Fault fault) {
        for (String name : fault.locks()) {
            for (String other : owners.keySet()) {
                if (conflict(name, other)) {
                    return thing(name);
                }
            }
            for (Fault earlier : waiting.headMap(fault.number()).values()) {
                if (earlier.locks().stream().anyMatch(wanted -> conflict(name, wanted))) {
                    return thing(name);
                }
            }
        }
        return null;
    }

    /** Two locks on one thing conflict unless both are shared. */
    private static boolean conflict(String one, String other) {
        return thing(one).equals(thing(other)) && !(one.startsWith(SHARED) && other.startsWith(SHARED));
    }

    private static String thing(String lock) {
        return lock.startsWith(SHARED) ? lock.substring(SHARED.length()) : lock;
    }
}
