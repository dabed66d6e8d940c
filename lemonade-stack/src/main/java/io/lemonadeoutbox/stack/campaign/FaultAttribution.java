package io.lemonadeoutbox.stack.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which faults were under way when each card finding's sale was sold: a fault counts when it was active at any moment
 * between the first request for the sale and {@link #AFTER_ANSWER} after the answer (a record already sent but not
 * yet consumed is lost by a fault that begins just after the sale). A finding counts once under each such kind, and
 * under {@link #NONE} when no fault was active.
 */
final class FaultAttribution {

    static final long AFTER_ANSWER = 5_000;
    static final String NONE = "(no fault active)";
    static final String TOTAL = "total (each finding once)";

    /** missing, duplicate, out-of-order, refund not reflected: the counts per row of the report. */
    record Counts(int missing, int duplicate, int outOfOrder, int unreflected) {
        static final Counts ZERO = new Counts(0, 0, 0, 0);

        Counts plus(int column) {
            return new Counts(missing + (column == 0 ? 1 : 0), duplicate + (column == 1 ? 1 : 0),
                    outOfOrder + (column == 2 ? 1 : 0), unreflected + (column == 3 ? 1 : 0));
        }

        Counts add(Counts other) {
            return new Counts(missing + other.missing, duplicate + other.duplicate, outOfOrder + other.outOfOrder,
                    unreflected + other.unreflected);
        }
    }

    private FaultAttribution() {
    }

    /** Rows in order: each fault kind the campaign used, then {@link #NONE}, then {@link #TOTAL}. */
    static Map<String, Counts> byFaultKind(List<Operation> operations, List<FaultRecord> faults,
                                           Checker.Findings findings, Set<Fault.Kind> kinds) {
        Map<String, Counts> rows = new LinkedHashMap<>();
        kinds.stream().sorted().forEach(kind -> rows.put(CampaignSettings.optionName(kind), Counts.ZERO));
        rows.put(NONE, Counts.ZERO);
        rows.put(TOTAL, Counts.ZERO);
        List<List<String>> columns = List.of(findings.missing(), findings.duplicate(), findings.outOfOrder(),
                findings.unreflected());
        for (int column = 0; column < columns.size(); column++) {
            for (String saleId : columns.get(column)) {
                int c = column;
                Set<String> active = activeWhenSold(operations, faults, saleId);
                (active.isEmpty() ? Set.of(NONE) : active)
                        .forEach(row -> rows.merge(row, Counts.ZERO.plus(c), Counts::add));
                rows.merge(TOTAL, Counts.ZERO.plus(c), Counts::add);
            }
        }
        return rows;
    }

    /** The kinds of the faults active while the sale was sold (see the class comment). */
    static Set<String> activeWhenSold(List<Operation> operations, List<FaultRecord> faults, String saleId) {
        List<Operation> sells = new ArrayList<>();
        for (Operation operation : operations) {
            if (operation.kind().sells() && operation.saleId().equals(saleId)) {
                sells.add(operation);
            }
        }
        List<Operation> accepted = sells.stream().filter(Operation::accepted).toList();
        List<Operation> window = accepted.isEmpty() ? sells : accepted;
        Set<String> kinds = new TreeSet<>();
        if (window.isEmpty()) {
            return kinds;
        }
        long from = window.stream().mapToLong(Operation::startMillis).min().orElseThrow();
        long until = window.stream().mapToLong(Operation::endMillis).max().orElseThrow() + AFTER_ANSWER;
        for (FaultRecord fault : faults) {
            if (fault.startMillis() <= until && fault.endMillis() >= from && !fault.outcome().startsWith("skipped")) {
                kinds.add(CampaignSettings.optionName(fault.fault().kind()));
            }
        }
        return kinds;
    }
}
