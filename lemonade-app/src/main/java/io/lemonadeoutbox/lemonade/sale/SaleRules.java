package io.lemonadeoutbox.lemonade.sale;

import io.lemonadeoutbox.api.StorableText;
import java.util.regex.Pattern;

/**
 * The rules a command must keep, in one place for the REST requests (as constraints) and the commands (as checks):
 * events do not check them, so a rule tightened here never stops an old event from loading.
 */
final class SaleRules {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_REASON_LENGTH = 500;
    static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    static final String CURRENCY_PATTERN = "[A-Z]{3}";
    private static final Pattern EMAIL = Pattern.compile(EMAIL_PATTERN);
    private static final Pattern CURRENCY = Pattern.compile(CURRENCY_PATTERN);

    private SaleRules() {
    }

    static Customer requireValid(Customer customer) {
        if (customer == null) {
            throw new InvalidSaleException("customerName", "must not be blank");
        }
        String name = requireText("customerName", customer.name(), MAX_NAME_LENGTH, false);
        String email = customer.email();
        if (email == null || email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw new InvalidSaleException("customerEmail", "must be a valid email address");
        }
        requireStorable("customerEmail", email, false);
        return new Customer(name, email);
    }

    static Money requireValid(String field, Money money) {
        if (money == null || money.cents() < 0) {
            throw new InvalidSaleException(field, "must be an amount of money that is not negative");
        }
        if (money.currency() == null || !CURRENCY.matcher(money.currency()).matches()) {
            throw new InvalidSaleException(field, "currency must be an ISO 4217 code such as EUR");
        }
        return money;
    }

    /** Not blank, at most {@code maxLength} UTF-16 units, {@link StorableText}; returned stripped. */
    static String requireText(String field, String text, int maxLength, boolean lineBreaks) {
        if (text == null || text.isBlank()) {
            throw new InvalidSaleException(field, "must not be blank");
        }
        if (text.length() > maxLength) {
            throw new InvalidSaleException(field, "must be at most " + maxLength + " characters");
        }
        requireStorable(field, text, lineBreaks);
        return text.strip();
    }

    private static void requireStorable(String field, String text, boolean lineBreaks) {
        StorableText.Validator.problemWith(text, lineBreaks).ifPresent(problem -> {
            throw new InvalidSaleException(field, problem);
        });
    }
}
