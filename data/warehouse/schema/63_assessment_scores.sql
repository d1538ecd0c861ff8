-- Warehouse schema: an assessment's score per county and month (its points: 62_assessment_points.sql).
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF02,RF03,AM04

-- Every saved version's score per county and month, as assessment_scores gives it: written when a warehouse is
-- published (data/warehouse/current.py), so the pages read scores instead of summing every rule's points again.
create table assessment_score_month (
    version_id integer not null,
    month date not null,
    adcode varchar not null,
    score double,
    scored bigint,
    rules bigint,
    is_demo boolean
);

-- The score of every county per month: the sum of its contributions (null when it has no value at all).
create macro assessment_scores(version_p, from_p, to_p, snapshot_p) as table
    select
        p.month, p.adcode,
        round(sum(p.contribution), 2) as score,  -- the float sum, to the 0.01 of its parts
        count(p.value) as scored,
        count(*) as rules,
        any_demo(p.is_demo) as is_demo
    from assessment_points(version_p, from_p, to_p, snapshot_p) as p
    group by p.month, p.adcode;

-- Every county's score in a month beside its score the month before and in a meeting snapshot (scored
-- with the version in force when the snapshot was saved): what the league tables rank.
create macro assessment_compared(version_p, month_p, snapshot_p) as table
    with snap as (
        select assessment_version_at(s.created_at) as version_id
        from snapshot as s
        where s.snapshot_id = snapshot_p
    ),

    both_months as (  -- the month and the month before, as written at publish
        select s.*
        from assessment_score_month as s
        where s.version_id = version_p and s.month in (previous_period(month_p, 'monthly'), month_p)
    ),

    then_scores as (
        select s.adcode, s.score
        from assessment_scores((select snap.version_id from snap), null, null, snapshot_p) as s
    )

    select
        r.adcode, c.score, c.scored, c.rules, p.score as prev_score, t.score as snapshot_score,
        coalesce(c.is_demo, false) as is_demo, (select snap.version_id from snap) as snapshot_version
    from region as r
    left join both_months as c on r.adcode = c.adcode and c.month = month_p
    left join both_months as p on r.adcode = p.adcode and p.month < month_p
    left join then_scores as t on r.adcode = t.adcode;
-- noqa: enable=all
