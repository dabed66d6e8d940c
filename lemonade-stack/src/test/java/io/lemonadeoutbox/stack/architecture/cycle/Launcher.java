package io.lemonadeoutbox.stack.architecture.cycle;

import io.lemonadeoutbox.stack.architecture.cycle.sub.Subcommand;
import picocli.CommandLine.Command;

/**
 * Half of a deliberate package cycle, for ArchitectureTest's negative control, shaped like the one the jar's entry
 * had: a package that names a command of its own sub-package only in an annotation, while the command uses it.
 */
@Command(name = "launcher", subcommands = Subcommand.class)
public class Launcher {

    public static String invocation(String command) {
        return "launcher " + command;
    }
}
