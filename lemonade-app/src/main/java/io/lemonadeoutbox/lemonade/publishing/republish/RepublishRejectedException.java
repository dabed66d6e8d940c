package io.lemonadeoutbox.lemonade.publishing.republish;

/** A republish that cannot start: answered with {@code status} (400 or 409) and the reason. */
public class RepublishRejectedException extends RuntimeException {

    private final int status;

    RepublishRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
