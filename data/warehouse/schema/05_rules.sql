-- Warehouse schema: the rules every view and query shares, each written once as a macro.
-- Periods are first days: of the month, or of the year for a yearly value (the importer checks it).
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF02,RF03

-- The month a value is complete: its own month, or December for a yearly value (2025年 counts from 2025年12月).
create macro period_end(period_p, frequency_p) as
cast(case when frequency_p = 'yearly' then period_p + interval 11 month else period_p end as date);

-- The period a change is measured against: the month before, or the year before.
create macro previous_period(period_p, frequency_p) as
cast(case when frequency_p = 'monthly' then period_p - interval 1 month else period_p - interval 1 year end as date);

-- 1 先进, 2 中游, 3 后进: thirds by cumulative share (cume_dist), so tied values share a tier (ntile would split them).
create macro tier_by_thirds(share_p) as
cast(case when share_p <= 1 / 3 then 1 when share_p <= 2 / 3 then 2 when share_p is not null then 3 end as integer);

-- The same tiers, or by the user's cut points (score ≥ cut_high_p, ≥ cut_low_p) when given; none without a share.
create macro tier_by_cuts(value_p, share_p, cut_high_p, cut_low_p) as
cast(case
    when share_p is null or value_p is null then null
    when cut_high_p is not null then case when value_p >= cut_high_p then 1 when value_p >= cut_low_p then 2 else 3 end
    else tier_by_thirds(share_p)
end as integer);

-- A group of rows is demo data when any row is; a group with no flag at all (nothing joined) is not.
create macro any_demo(flag_p) as coalesce(bool_or(flag_p), false);
-- noqa: enable=all
