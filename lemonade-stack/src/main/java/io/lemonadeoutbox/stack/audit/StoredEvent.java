package io.lemonadeoutbox.stack.audit;

/** One row of lemonade-app's event store, as much of it as the audit needs. */
public record StoredEvent(long globalIndex, String eventId, Kind kind, String saleId) {

    public enum Kind { SOLD, REFUNDED, OTHER }

    /** {@code payload_type} is the event's class name (Jackson serializer). */
    public static Kind kindOf(String payloadType) {
        String simpleName = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        return switch (simpleName) {
            case "LemonadeSold" -> Kind.SOLD;
            case "SaleRefunded" -> Kind.REFUNDED;
            default -> Kind.OTHER;
        };
    }
}
