package io.lemonadeoutbox.lemonade.sale;

/** A command that breaks a domain rule; answered with 422 naming the field. */
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
