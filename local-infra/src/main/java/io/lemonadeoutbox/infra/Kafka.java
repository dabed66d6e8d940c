package io.lemonadeoutbox.infra;

/** One Kafka 3.9 broker (KRaft, combined broker and controller). */
public interface Kafka {

    String bootstrapServers();

    /** Really stops the broker; clients get connection refused until {@link #start()}. */
    void stop();

    /** Starts the broker again on the same port with the same log directory: topics and records are kept. */
    void start();
}
