package io.lemonadeoutbox.lemonade.architecture.cycle.a;

import io.lemonadeoutbox.lemonade.architecture.cycle.b.Right;

/** Half of a deliberate package cycle, for ArchitectureTest's negative control. */
public class Left {

    public Right right() {
        return new Right();
    }
}
