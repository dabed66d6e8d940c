package io.lemonadeoutbox.peer.sale;

import java.util.regex.Pattern;

/** The same rules as lemonade-app's Customer: the API accepts only what thankyou-service can store. */
public record Customer(String name, String email) {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_EMAIL_LENGTH = 254;

    public Customer {
        if (name == null || name.isBlank()) {
            throw new InvalidSaleException("customerName", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidSaleException("customerName", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (email == null || email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw new InvalidSaleException("customerEmail", "must be a valid email address");
        }
        name = name.strip();
    }
}
