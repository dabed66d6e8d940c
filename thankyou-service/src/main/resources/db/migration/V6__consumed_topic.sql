-- Which incarnation of the topic (Kafka's topic id) each partition was last read from. A topic deleted and created
-- again under the same name is another topic whose offsets start over; a committed offset from the old one (a
-- consumer paused across the loss commits its old position) would skip the new topic's records below it.
create table consumed_topic (
    topic      varchar(255) not null,
    partition  integer      not null,
    topic_id   varchar(64)  not null,
    primary key (topic, partition)
);
