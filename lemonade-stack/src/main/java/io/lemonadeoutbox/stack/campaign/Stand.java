package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.stack.campaign.Checker.StoredSale;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the campaign runs against, the only part that differs between implementations of the outbox: which jar the
 * two sale-taking instances run, where the truth of what was committed lives, and which faults mean something there.
 * The workload, the nemesis's schedule, the consumers, the checker and the report are the same for every stand.
 */
interface Stand {

    /** The {@code --stand} value. */
    String name();

    /** One line for the report: what ran. */
    String describe();

    /** The process name of the first instance; the second gets {@code -2}. */
    String appName();

    /** The jar both instances run, or a clear error saying how to build it. */
    Path appJar(ProjectLayout layout);

    /** The database the instances share (sales and outbox). */
    String salesDatabase();

    /** What the report and the checks call that truth ("the event store", "the event publication registry"). */
    String storeName();

    /** Arguments beyond the datasource, broker and topic every stand gets. */
    List<String> appArgs();

    /** Events written to the outbox so far (end-to-end lag is this minus the thank-you inbox's rows). */
    String outboxEventsQuery();

    /** Sold and refunded events per sale id, as committed. */
    Map<String, StoredSale> committedSales(Connection sales) throws SQLException;

    /** The refunded sales one of these republishes may have reordered; empty on a stand that cannot republish. */
    Set<String> reorderableBy(Connection sales, List<RepublishWindow> republished) throws SQLException;

        /** The audit (missing, duplicate, orphan cards; refunds not reflected; acknowledged but never received). */
    AuditReport audit(AuditSources databases);

    /**
     * Empty when this fault kind (or the part of it named) means something on this stand; otherwise why not, for the
     * report. Asked for the whole kind and for {@link #REPUBLISH}, the republish after a topic loss.
     */
    Optional<String> notApplicable(String what);

    /** How the nemesis's faults differ on this stand, one line per difference, for the report. */
    List<String> faultNotes();

    /** The part of topic-loss that republishes the history from the start. */
    String REPUBLISH = "republish";

    static Stand named(String name, Path peerJar) {
        return switch (name) {
            case AxonStand.NAME -> new AxonStand();
            case ModulithStand.NAME -> new ModulithStand(peerJar);
            default -> throw new IllegalArgumentException("unknown stand " + name + " (known: " + AxonStand.NAME
                    + ", " + ModulithStand.NAME + ")");
        };
    }
}
