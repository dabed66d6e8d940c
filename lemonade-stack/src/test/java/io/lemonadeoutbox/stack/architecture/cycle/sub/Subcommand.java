package io.lemonadeoutbox.stack.architecture.cycle.sub;

import io.lemonadeoutbox.stack.architecture.cycle.Launcher;
import picocli.CommandLine.Command;

/** The other half of the deliberate package cycle: a command of a sub-package that uses its parent package. */
@Command(name = "sub")
public class Subcommand {

    public String usage() {
        return Launcher.invocation("sub");
    }
}
