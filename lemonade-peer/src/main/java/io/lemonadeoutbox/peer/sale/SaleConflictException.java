package io.lemonadeoutbox.peer.sale;

/** The request contradicts what the sale already is; answered with 409. */
public class SaleConflictException extends RuntimeException {

    public SaleConflictException(String message) {
        super(message);
    }
}
