package io.lemonadeoutbox.api.problem;

/** One input a client must fix: the field (a body property or a parameter) and what is wrong with it. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
