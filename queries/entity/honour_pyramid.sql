-- The tier pyramid of quality SMEs in the counties the filters keep (or one county): 创新型 → 专精特新 → 小巨人 → 单项冠军
-- grain: one row per tier, from the base up
-- params: $year integer; $adcode varchar (null = all counties the filters keep); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: tier_order integer; honour varchar; firm_count integer (家); is_demo boolean
with tiers (tier_order, honour) as (
    values (1, '创新型中小企业'), (2, '专精特新中小企业'), (3, '专精特新“小巨人”'), (4, '制造业单项冠军')
),

kept as (
    select h.enterprise_id, h.honour, b.is_demo
    from enterprise_honour as h
    inner join enterprise as e on h.enterprise_id = e.enterprise_id
    inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on e.adcode = r.adcode
    inner join batch as b on h.batch_id = b.batch_id
    where h.year_awarded <= $year and r.in_filter and ($adcode is null or e.adcode = $adcode)
)

select
    tiers.tier_order, tiers.honour,
    cast(count(distinct kept.enterprise_id) as integer) as firm_count,
    any_demo(kept.is_demo) as is_demo
from tiers
left join kept on tiers.honour = kept.honour
group by tiers.tier_order, tiers.honour
order by tiers.tier_order
