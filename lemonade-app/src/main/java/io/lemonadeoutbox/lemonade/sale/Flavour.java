package io.lemonadeoutbox.lemonade.sale;

import java.util.List;

/** The flavours a stand sells. Checked on the command only: an event keeps whatever flavour it was sold with. */
public final class Flavour {

    /** What every sale was before flavours existed, and what a sale that names none is. */
    public static final String CLASSIC = "classic";
    public static final List<String> ALL = List.of(CLASSIC, "mint", "ginger", "strawberry");
    public static final String PATTERN = "classic|mint|ginger|strawberry";

    private Flavour() {
    }

    static String requireValid(String flavour) {
        if (flavour == null) {
            return CLASSIC;
        }
        if (!ALL.contains(flavour)) {
            throw new InvalidSaleException("flavour", "must be one of " + String.join(", ", ALL));
        }
        return flavour;
    }
}
