package io.lemonadeoutbox.stack.cli;

import io.lemonadeoutbox.stack.ResetCommand;
import io.lemonadeoutbox.stack.RunCommand;
import io.lemonadeoutbox.stack.audit.AuditCommand;
import io.lemonadeoutbox.stack.campaign.CampaignCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar lemonade-stack/target/lemonade-stack.jar [run|audit|reset|campaign] [options]}: the jar's main. Without a
 * subcommand it runs the stack, so {@code java -jar lemonade-stack.jar --postgres-port=6433} still works. It has a
 * package of its own because it names every command, and the commands use the stack: nothing else depends on it.
 */
@Command(name = "lemonade-stack", mixinStandardHelpOptions = true, version = "lemonade-outbox local stack",
        description = {"The transactional outbox on one machine with only a JDK.",
                "Without a command it runs the stack (`run`). `<command> --help` tells more."},
        subcommands = {
                RunCommand.class,
                AuditCommand.class,
                ResetCommand.class,
                CampaignCommand.class,
        },
        exitCodeListHeading = "%nExit codes: those of each command (see <command> --help); 2 for bad arguments.%n")
public final class LemonadeStackCommand {

    static final String DEFAULT_COMMAND = "run";

    public static void main(String[] args) {
        System.exit(commandLine().execute(withDefaultCommand(args)));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LemonadeStackCommand());
    }

    /** {@code run} unless the first argument names a command or asks for help or the version. */
    static String[] withDefaultCommand(String[] args) {
        CommandLine top = commandLine();
        if (args.length > 0 && (top.getSubcommands().containsKey(args[0])
                || List.of("-h", "--help", "-V", "--version").contains(args[0]))) {
            return args;
        }
        List<String> withRun = new ArrayList<>(List.of(DEFAULT_COMMAND));
        withRun.addAll(List.of(args));
        return withRun.toArray(String[]::new);
    }
}
