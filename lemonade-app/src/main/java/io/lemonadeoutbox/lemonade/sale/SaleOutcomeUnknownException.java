package io.lemonadeoutbox.lemonade.sale;

/**
 * Selling met a database outage: the sale may or may not be recorded (a commit can land while its answer is lost).
 * Answered 503 with the sale id to retry with, since the same order under the same id is recorded at most once.
 */
public class SaleOutcomeUnknownException extends RuntimeException {

    private final String saleId;

    SaleOutcomeUnknownException(String saleId, Throwable outage) {
        super("sale " + saleId + " met a database outage", outage);
        this.saleId = saleId;
    }

    public String saleId() {
        return saleId;
    }
}
