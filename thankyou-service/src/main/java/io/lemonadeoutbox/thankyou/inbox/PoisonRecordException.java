package io.lemonadeoutbox.thankyou.inbox;

/** A record that can never be processed as it is: retrying cannot help, so it goes straight to the dead letters. */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
