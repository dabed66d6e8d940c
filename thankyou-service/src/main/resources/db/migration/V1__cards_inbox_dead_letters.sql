-- One row per event ever accepted, keyed by the producer's event id (axon-message-id).
-- Never deleted: the event store can republish its whole history at any time.
create table inbox (
    event_id        text        primary key,
    event_type      text        not null,
    sale_id         text        not null,
    received_at     timestamptz not null default now(),
    topic           text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null
);

create table card (
    id              bigint      generated always as identity primary key,
    sale_id         text        not null unique,
    customer_name   text        not null,
    customer_email  text        not null,
    cups            integer     not null check (cups > 0),
    message         text        not null,
    event_id        text        not null references inbox (event_id),
    created_at      timestamptz not null default now(),
    refunded        boolean     not null default false,
    refunded_at     timestamptz,
    refund_reason   text,
    refund_event_id text        references inbox (event_id)
);

create index card_newest_first on card (created_at desc, id desc);

create table dead_letter (
    id              bigint      generated always as identity primary key,
    topic           text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    record_key      text,
    reason          text        not null,
    payload         bytea,
    headers         jsonb       not null,
    dead_lettered_at timestamptz not null default now()
);

create index dead_letter_by_record on dead_letter (topic, kafka_partition, kafka_offset);
