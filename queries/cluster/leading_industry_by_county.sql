-- Each county's first leading industry (主导产业) in one year, as GB/T 4754 division and name
-- grain: one row per adcode (all 103; counties without a record have null category)
-- params: $year integer
-- returns: adcode varchar; name varchar; prefecture varchar; industry_code varchar; category varchar; second_industry varchar; is_demo boolean
select
    r.adcode, r.name, r.prefecture,
    max(ci.industry_code) filter (where ci.rank = 1) as industry_code,
    max(ind.name) filter (where ci.rank = 1) as category,
    max(ind.name) filter (where ci.rank = 2) as second_industry,
    bool_or(b.is_demo) as is_demo
from region as r
left join county_industry as ci on r.adcode = ci.adcode and ci.year = $year
left join industry as ind on ci.industry_code = ind.code
left join batch as b on ci.batch_id = b.batch_id
group by r.adcode, r.name, r.prefecture
order by r.adcode
