package io.lemonadeoutbox.stack.campaign;

import java.util.List;
import java.util.Random;

/**
 * Sale requests that must be refused with a problem detail and leave nothing behind. The last two carry text no
 * store downstream can keep (contract/lemonade.sales, "Rules for strings"): PostgreSQL text cannot hold NUL, and an unpaired surrogate is not
 * text at all.
 */
final class InvalidRequests {

    record Invalid(String variant, String body) {
    }

    private static final List<String> VARIANTS = List.of("cups-zero", "cups-too-many", "cups-fraction", "cups-text",
            "blank-name", "no-email", "bad-email", "long-name", "not-json", "bad-sale-id", "nul-in-name",
            "lone-surrogate");

    private InvalidRequests() {
    }

    /** @param saleId a valid id the request carries (or, for bad-sale-id, is derived from) */
    static Invalid draw(Random random, String saleId) {
        String variant = VARIANTS.get(random.nextInt(VARIANTS.size()));
        String name = "\"customerName\": \"Invalid " + saleId + "\"";
        String email = "\"customerEmail\": \"" + saleId + "@example.com\"";
        String id = "\"saleId\": \"" + saleId + "\"";
        String body = switch (variant) {
            case "cups-zero" -> json(id, name, email, "\"cups\": 0");
            case "cups-too-many" -> json(id, name, email, "\"cups\": 21");
            case "cups-fraction" -> json(id, name, email, "\"cups\": 1.5");
            case "cups-text" -> json(id, name, email, "\"cups\": \"two\"");
            case "blank-name" -> json(id, "\"customerName\": \" \\t \"", email, "\"cups\": 1");
            case "no-email" -> json(id, name, "\"customerName2\": \"x\"", "\"cups\": 1");
            case "bad-email" -> json(id, name, "\"customerEmail\": \"not an email\"", "\"cups\": 1");
            case "long-name" -> json(id, "\"customerName\": \"" + "L".repeat(101) + "\"", email, "\"cups\": 1");
            case "not-json" -> "{" + id + ", " + name + ", \"cups\": ";
            case "bad-sale-id" -> json("\"saleId\": \"" + badId(saleId) + "\"", name, email, "\"cups\": 1");
            case "nul-in-name" -> json(id, "\"customerName\": \"Nul\\u0000Byte\"", email, "\"cups\": 1");
            case "lone-surrogate" -> json(id, "\"customerName\": \"Lone \\ud800 half\"", email, "\"cups\": 1");
            default -> throw new IllegalStateException(variant);
        };
        return new Invalid(variant, body);
    }

    /** The id a bad-sale-id request names: the valid id with a character sale ids may not hold. */
    static String badId(String saleId) {
        return saleId + "!";
    }

    private static String json(String... fields) {
        return "{" + String.join(", ", fields) + "}";
    }
}
