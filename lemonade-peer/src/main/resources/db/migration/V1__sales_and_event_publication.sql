-- The sales of the stand: one row per sale; version counts its events (0 = sold, 1 = refunded).
CREATE TABLE sale (
    sale_id          TEXT        PRIMARY KEY,
    customer_name    TEXT        NOT NULL,
    customer_email   TEXT        NOT NULL,
    cups             INTEGER     NOT NULL,
    unit_price_cents BIGINT      NOT NULL,
    total_cents      BIGINT      NOT NULL,
    currency         TEXT        NOT NULL,
    sold_at          TIMESTAMPTZ NOT NULL,
    refund_reason    TEXT,
    refunded_at      TIMESTAMPTZ,
    version          BIGINT      NOT NULL
);

-- Spring Modulith 1.4's JDBC event publication registry (JdbcEventPublicationRepository reads and writes exactly
-- these columns; its own schema initialization stays off so Flyway owns every table). One row per event and
-- listener; completion_date is set once Kafka acknowledged the record (completion mode UPDATE).
CREATE TABLE event_publication (
    id               UUID        NOT NULL PRIMARY KEY,
    listener_id      TEXT        NOT NULL,
    event_type       TEXT        NOT NULL,
    serialized_event TEXT        NOT NULL,
    publication_date TIMESTAMPTZ NOT NULL,
    completion_date  TIMESTAMPTZ
);
-- marking complete without the in-memory handle (after a restart) finds the row by its serialized event
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
