package io.lemonadeoutbox.lemonade.eventstore;

import org.axonframework.common.AxonTransientException;

/**
 * An append refused for reaching PostgreSQL too long after its events were created (a slow command: waiting for a
 * connection, a paused JVM, a restarting database), so that no gap below it could be given up too early. Nothing was
 * written; the same command sent again creates its events anew and can succeed: a transient failure, not a defect.
 */
public class LateAppendException extends AxonTransientException {

    public LateAppendException(String message) {
        super(message);
    }
}
