package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.services.LemonadeServices.Servers;

/** local-infra's servers as test-kit's launcher takes them (the kit cannot depend on local-infra). */
public final class InfrastructureServers {

    private InfrastructureServers() {
    }

    /** The URL of a database creates it on first use, as {@code Postgres::jdbcUrl} does. */
    public static Servers of(Infrastructure infrastructure) {
        return new Servers(infrastructure.postgres()::jdbcUrl, infrastructure.postgres().username(),
                infrastructure.postgres().password(), infrastructure.kafka().bootstrapServers());
    }
}
