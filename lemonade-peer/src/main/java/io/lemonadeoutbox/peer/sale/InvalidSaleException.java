package io.lemonadeoutbox.peer.sale;

/** A request that breaks a rule of the stand; answered with 422 naming the field. */
public class InvalidSaleException extends RuntimeException {

    private final String field;

    public InvalidSaleException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
