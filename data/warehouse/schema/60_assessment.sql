-- Warehouse schema, part 7: the 强县工程 assessment and 赛马 (方案三(一) 考核目标任务和评分细则; 二(一)1).
-- Editors save the weights and scoring rules as numbered versions (data/assessment.py); a saved
-- version never changes, so any past score is reproduced by scoring with the version in force then.
-- Version 1, the default, is seeded below from data/catalog/assessment_rules.csv (tests/test_assessment.py
-- keeps the two equal). Rebuilds carry every saved version over (data/build.py KEPT_SELECT/KEPT_INSERT).

create table assessment_version (
    version_id integer primary key,
    created_at timestamp not null,     -- in force from then until the next version
    created_by varchar not null,
    note varchar not null              -- what changed and why
);

create table assessment_rule (
    version_id integer not null,
    indicator_id varchar not null,
    weight double not null,            -- of 100; a county's shares are its weights over the weights it has values for
    method varchar not null,           -- minmax (between the province's lowest and highest) / rank / target
    target_value double,               -- method target: the value that earns 100 points
    floor_points double not null,      -- points are clamped to [floor_points, cap_points]
    cap_points double not null,
    clause varchar not null,           -- the plan clause the weight serves
    primary key (version_id, indicator_id)
);

insert into assessment_version
values (1, timestamp '2024-06-05 00:00:00', '系统（缺省）', '缺省评分细则：按方案各项任务设定权重，满分100分');

insert into assessment_rule values
(1, 'va_growth_ytd_pct', 15, 'minmax', null, 0, 100, '二(一)1'),
(1, 'output_year_yi', 10, 'rank', null, 0, 100, '二(二)1'),
(1, 'invest_growth_pct', 8, 'minmax', null, 0, 100, '二(一)1'),
(1, 'techinv_growth_pct', 7, 'minmax', null, 0, 100, '二(一)1'),
(1, 'growth_point_report_pct', 5, 'target', 100, 0, 100, '二(一)2'),
(1, 'above_scale_net_count', 8, 'minmax', null, 0, 100, '二(三)3'),
(1, 'srdi_count', 5, 'target', 1, 0, 100, '二(三)2'),
(1, 'champion_count', 5, 'target', 1, 0, 100, '二(三)2'),
(1, 'rd_active_share_pct', 8, 'minmax', null, 0, 100, '二(四)1'),
(1, 'digital_transform_pct', 8, 'target', 100, 0, 100, '二(五)3'),
(1, 'village_5g_pct', 4, 'target', 100, 0, 100, '二(五)1'),
(1, 'energy_intensity_change_pct', 8, 'minmax', null, 0, 100, '二(六)1'),
(1, 'solid_waste_util_pct', 4, 'minmax', null, 0, 100, '二(六)2'),
(1, 'projects_won_count', 5, 'rank', null, 0, 100, '三(三)');

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

-- The score of every county per month: the sum of its contributions (null when it has no value at all).
create macro assessment_scores(version_p, from_p, to_p, snapshot_p) as table
    select
        p.month, p.adcode,
        round(sum(p.contribution), 2) as score,  -- the float sum, to the 0.01 of its parts
        count(p.value) as scored,
        count(*) as rules,
        coalesce(bool_or(p.is_demo), false) as is_demo
    from assessment_points(version_p, from_p, to_p, snapshot_p) as p
    group by p.month, p.adcode;
-- noqa: enable=all
