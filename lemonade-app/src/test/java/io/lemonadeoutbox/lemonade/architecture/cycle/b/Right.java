package io.lemonadeoutbox.lemonade.architecture.cycle.b;

import io.lemonadeoutbox.lemonade.architecture.cycle.a.Left;

/** The other half of the deliberate package cycle. */
public class Right {

    public Left left() {
        return new Left();
    }
}
