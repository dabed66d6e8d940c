package io.lemonadeoutbox.stack.campaign;

import java.util.List;

/**
 * One rule the whole history must obey: how many things it looked at, how many broke it, and the first few that did.
 */
record Check(String rule, long checked, long violations, List<String> examples) {

    static final int LISTED = 10;

    Check {
        examples = List.copyOf(examples.subList(0, Math.min(LISTED, examples.size())));
    }

    static Check of(String rule, long checked, List<String> offenders) {
        return new Check(rule, checked, offenders.size(), offenders);
    }

    boolean holds() {
        return violations == 0;
    }
}
