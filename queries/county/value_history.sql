-- One county's loaded values of one indicator, revisions and rolled-back loads included, newest load first
-- grain: one row per period and batch
-- params: $adcode varchar; $indicator varchar
-- returns: period date; value double; status varchar; estimated boolean; batch_id integer; file_name varchar; loaded_by varchar; loaded_at timestamp; outcome varchar; is_current boolean
select
    v.period, v.value, v.status, v.estimated, v.batch_id, b.file_name, b.loaded_by, b.loaded_at, b.outcome,
    coalesce(c.batch_id = v.batch_id, false) as is_current
from county_value as v
inner join batch as b on v.batch_id = b.batch_id
left join county_value_current as c
    on v.adcode = c.adcode and v.indicator_id = c.indicator_id and v.period = c.period
where v.adcode = $adcode and v.indicator_id = $indicator
order by v.period desc, v.batch_id desc, v.row_seq desc
