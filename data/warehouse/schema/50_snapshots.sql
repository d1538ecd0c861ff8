-- Warehouse schema: named meeting snapshots (会议快照). A snapshot keeps, per indicator,
-- the county values of its latest period at the snapshot's month, as they were when it was saved:
-- later loads and revisions change county_value, never these rows. Rebuilds carry them over.

create table snapshot (
    snapshot_id integer primary key,
    name varchar not null unique,       -- e.g. 2026年11月推进会
    as_of date not null,                -- the month the meeting looked at (first of the month)
    created_at timestamp not null,
    created_by varchar not null,
    note varchar
);

create table snapshot_value (
    snapshot_id integer not null references snapshot (snapshot_id),
    adcode varchar not null,
    indicator_id varchar not null,
    period date not null,
    value double,
    is_demo boolean not null,
    primary key (snapshot_id, adcode, indicator_id)
);
