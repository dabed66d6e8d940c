package io.lemonadeoutbox.stack.audit;

import io.lemonadeoutbox.stack.audit.Audit.AuditFailedException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code audit}: sales in the event store against cards in the thank-you database, as an exit code. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Compares every sale in lemonade-app's event store with the cards in thankyou-service's"
                + " database: missing, duplicate and orphan cards, refunds not reflected, and events the publisher"
                + " passed but the consumer never received. Read-only. Defaults: the local stack's databases."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"  0:clean: every count is 0",
                "  1:not clean (while sales flow, lag shows up as missing cards: run it again when quiet)",
                "  2:bad arguments",
                "  3:the databases could not be read"})
public final class AuditCommand implements Callable<Integer> {

    static final int NOT_CLEAN = 1;
    static final int UNREADABLE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--lemonade-jdbc", paramLabel = "URL",
            defaultValue = "jdbc:postgresql://localhost:5433/lemonade",
            description = "lemonade-app's event store (default: ${DEFAULT-VALUE})")
    String lemonadeJdbc;

    @Option(names = "--thankyou-jdbc", paramLabel = "URL",
            defaultValue = "jdbc:postgresql://localhost:5433/thankyou",
            description = "thankyou-service's database (default: ${DEFAULT-VALUE})")
    String thankyouJdbc;

    @Option(names = "--user", defaultValue = "postgres", description = "database user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "postgres",
            description = "database password (default: ${DEFAULT-VALUE})")
    String password;

    /** The sources the options name; bad values are a usage error (exit code 2). */
    AuditSources sources() {
        try {
            return new AuditSources(lemonadeJdbc, thankyouJdbc, user, password);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() {
        AuditSources sources = sources();
        try {
            AuditReport report = Audit.run(sources);
            spec.commandLine().getOut().print(report.describe());
            spec.commandLine().getOut().flush();
            return report.clean() ? CommandLine.ExitCode.OK : NOT_CLEAN;
        } catch (AuditFailedException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return UNREADABLE;
        }
    }
}
