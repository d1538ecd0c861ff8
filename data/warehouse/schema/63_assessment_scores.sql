-- Warehouse schema: an assessment's score per county and month (its points: 62_assessment_points.sql).
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF02,RF03,AM04

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
-- noqa: enable=all
