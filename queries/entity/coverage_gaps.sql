-- 县域全覆盖: per county, its 专精特新 and 单项冠军 counts in one year, for the map of counties still at zero
-- grain: one row per adcode (all 103)
-- params: $period date (first day of the year)
-- returns: adcode varchar; name varchar; prefecture varchar; srdi_count double (家); champion_count double (家); is_demo boolean
select
    r.adcode, r.name, r.prefecture,
    max(v.value) filter (where v.indicator_id = 'srdi_count') as srdi_count,
    max(v.value) filter (where v.indicator_id = 'champion_count') as champion_count,
    bool_or(v.is_demo) as is_demo
from region as r
left join county_value_current as v
    on r.adcode = v.adcode and v.period = $period and v.indicator_id in ('srdi_count', 'champion_count')
group by r.adcode, r.name, r.prefecture
order by r.adcode
