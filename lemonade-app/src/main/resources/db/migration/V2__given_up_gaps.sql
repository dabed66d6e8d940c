-- A gap is a global index handed out to an insert that no reader sees: its transaction is still running, or it
-- rolled back. The publisher may give a gap up only when no transaction can still commit into it; this makes that
-- checkable at once, instead of after the gap timeout (GapCloser).
--
-- Every insert takes a shared advisory lock on its index's bucket (global_index mod 512) for the rest of its
-- transaction, then refuses an index that was given up. The publisher gives an index up only while it holds that
-- bucket's lock exclusively (so no transaction that inserted into the bucket is still running) and, in a statement
-- that starts after taking it, sees no event there. A transaction that had its index from the sequence but had not
-- reached this trigger yet waits for the publisher's commit, finds the index given up, and rolls back: nothing is
-- published for it and nothing is lost, its client gets a failed append to retry. Buckets keep the lock count of a
-- large transaction at 512 or fewer; two indexes sharing a bucket can only make a dead gap look alive for a while.
create table given_up_index (
    global_index bigint      not null primary key,
    given_up_at  timestamptz not null default now()
);

create function claim_global_index() returns trigger language plpgsql as $$
begin
    -- A snapshot older than the lock (repeatable read, serializable) could miss a give-up that committed meanwhile.
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'events are appended only at read committed, not %', current_setting('transaction_isolation')
            using errcode = '25001';
    end if;
    perform pg_advisory_xact_lock_shared(7, (new.global_index % 512)::int);
    if exists (select 1 from given_up_index where global_index = new.global_index) then
        raise exception 'global index % was given up as a gap before this insert reached it; retry the append',
            new.global_index using errcode = '40001';
    end if;
    return new;
end
$$;

create trigger claim_global_index before insert on domain_event_entry
    for each row execute function claim_global_index();
