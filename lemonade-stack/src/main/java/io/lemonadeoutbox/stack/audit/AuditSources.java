package io.lemonadeoutbox.stack.audit;

/** Where the audit reads from: lemonade-app's event store and thankyou-service's database (plain JDBC). */
public record AuditSources(String lemonadeJdbcUrl, String thankyouJdbcUrl, String user, String password) {

    /** The local stack's databases (embedded PostgreSQL on 5433). */
    public static final AuditSources LOCAL_STACK = new AuditSources("jdbc:postgresql://localhost:5433/lemonade",
            "jdbc:postgresql://localhost:5433/thankyou", "postgres", "postgres");

    public AuditSources {
        requireJdbc("lemonade", lemonadeJdbcUrl);
        requireJdbc("thankyou", thankyouJdbcUrl);
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
    }

    private static void requireJdbc(String which, String url) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(which + " JDBC URL must start with jdbc:postgresql:, was " + url);
        }
    }
}
