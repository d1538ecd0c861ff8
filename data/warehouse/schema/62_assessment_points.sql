-- Warehouse schema: an assessment's points per county and rule (its values: 61_assessment_values.sql).
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF02,RF03,AM04

-- Points of every county on every rule, per month, before floor and cap:
--   minmax: 100 × (value − lowest) / (highest − lowest), over the province's counties with a value
--   rank:   100 × (n − place) / (n − 1), place 1 the best, ties sharing a place
--   target: 100 × (1 + (value − target) / |target|), i.e. value ÷ target for a positive target
-- with the catalog's direction (down: lower is better, the sign of value and target turned). A
-- county's shares are its weights over the weights of the rules it has a value for; contribution =
-- share × points to 0.01 point, and the score is their sum, so the parts add up to it exactly.
create macro assessment_points(version_p, from_p, to_p, snapshot_p) as table
    with rules as (
        select r.*, i.name, i.unit, case when i.direction = 'down' then -1 else 1 end as sign
        from assessment_rule as r
        inner join indicator as i on r.indicator_id = i.id
        where r.version_id = version_p
    ),

    input as (
        select v.*, ru.sign * v.value as signed_value
        from assessment_values(version_p, from_p, to_p, snapshot_p) as v
        inner join rules as ru on v.indicator_id = ru.indicator_id
        where v.value is not null
    ),

    placed as (
        select
            i.*,
            min(i.signed_value) over w as low,
            max(i.signed_value) over w as high,
            count(*) over w as n,
            rank() over (partition by i.month, i.indicator_id order by i.signed_value desc) as place
        from input as i
        window w as (partition by i.month, i.indicator_id)
    ),

    rated as (  -- all equal, or a single county: full points
        select
            p.*,
            case ru.method
                when 'minmax' then 100 * coalesce((p.signed_value - p.low) / nullif(p.high - p.low, 0), 1)
                when 'rank' then 100 * coalesce((p.n - p.place) / nullif(p.n - 1, 0), 1)
                when 'target' then 100 * (1 + (p.signed_value - ru.sign * ru.target_value) / abs(ru.target_value))
            end as raw_points
        from placed as p
        inner join rules as ru on p.indicator_id = ru.indicator_id
    ),

    grid as (
        select m.month, g.adcode, ru.*
        from (select distinct r.month from rated as r) as m
        cross join region as g
        cross join rules as ru
    ),

    pointed as (
        select
            g.*, r.period, r.value, r.is_demo, r.place, r.n,
            r.low * g.sign as worst_value, r.high * g.sign as best_value, r.raw_points,
            -- greatest/least skip nulls: without a value a county gets no points, not the floor
            case when r.value is not null then greatest(g.floor_points, least(g.cap_points, r.raw_points)) end
                as points
        from grid as g
        left join rated as r on g.month = r.month and g.adcode = r.adcode and g.indicator_id = r.indicator_id
    )

    select
        *,
        case when value is not null then weight / sum(weight) filter (where value is not null) over county end
            as share,
        round(share * points, 2) as contribution
    from pointed
    window county as (partition by month, adcode);
-- noqa: enable=all
