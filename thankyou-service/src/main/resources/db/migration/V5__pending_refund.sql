-- A refund that arrived before its sale's card: after the topic was lost and history republished, a SaleRefunded
-- published to the new topic can reach the consumer before the republished LemonadeSold. It is kept here (its event
-- is in the inbox) and applied in the transaction that writes the sale's card, then deleted.
create table pending_refund (
    sale_id         text        primary key,
    refunded_at     timestamptz not null,
    refund_reason   text,
    refund_event_id text        not null references inbox (event_id),
    received_at     timestamptz not null default now()
);
