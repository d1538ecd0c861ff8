-- Warehouse schema: which values an assessment scores (its rules: 60_assessment_rules.sql).
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF02,RF03,AM04

-- The version in force at a moment: the newest saved by then.
create macro assessment_version_at(moment_p) as (
    select max(v.version_id) from assessment_version as v
    where v.created_at <= moment_p
);

-- What an assessment scores, per month: each rule indicator's latest period complete by the month
-- (a year once its December is reached), as the meeting snapshots take it (data/snapshots.py). The
-- months are those from_p..to_p with monthly values; or, for a snapshot, its month and its own values.
create macro assessment_values(version_p, from_p, to_p, snapshot_p) as table
    with rule_ids as (
        select r.indicator_id from assessment_rule as r
        where r.version_id = version_p
    ),

    current_values as (
        select v.adcode, v.indicator_id, v.period, v.period_end, v.value, v.is_demo
        from county_value_current as v
        where snapshot_p is null and v.indicator_id in (select r.indicator_id from rule_ids as r)
    ),

    months as (  -- the raw table, not the view: only which months exist matters here
        select distinct v.period as month
        from county_value as v
        inner join indicator as i on v.indicator_id = i.id
        inner join batch as b on v.batch_id = b.batch_id
        where
            snapshot_p is null and i.frequency = 'monthly' and b.outcome = 'loaded'
            and v.period between from_p and to_p
    ),

    periods as (
        select distinct c.indicator_id, c.period, c.period_end from current_values as c
    ),

    latest as (
        select m.month, p.indicator_id, max(p.period) as period
        from months as m
        inner join periods as p on m.month >= p.period_end
        group by m.month, p.indicator_id
    )

    select l.month, c.adcode, c.indicator_id, c.period, c.value, c.is_demo
    from latest as l
    inner join current_values as c on l.indicator_id = c.indicator_id and l.period = c.period
    union all
    select s.as_of as month, v.adcode, v.indicator_id, v.period, v.value, v.is_demo
    from snapshot_value as v
    inner join snapshot as s on v.snapshot_id = s.snapshot_id
    where v.snapshot_id = snapshot_p and v.indicator_id in (select r.indicator_id from rule_ids as r);
-- noqa: enable=all
