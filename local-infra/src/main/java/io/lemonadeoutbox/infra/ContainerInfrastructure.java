package io.lemonadeoutbox.infra;

/** PostgreSQL and Kafka in Docker containers, managed by Testcontainers. */
final class ContainerInfrastructure implements Infrastructure {

    private final PostgresContainer17 postgres;
    private final KafkaContainer39 kafka;

    private ContainerInfrastructure(PostgresContainer17 postgres, KafkaContainer39 kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static ContainerInfrastructure start() {
        PostgresContainer17 postgres = PostgresContainer17.launch();
        try {
            return new ContainerInfrastructure(postgres, KafkaContainer39.launch());
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public Postgres postgres() {
        return postgres;
    }

    @Override
    public Kafka kafka() {
        return kafka;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
