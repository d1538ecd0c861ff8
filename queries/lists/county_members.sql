-- The members of every loaded named list (名单) placed in one county
-- grain: one row per list member in the county
-- params: $adcode varchar
-- returns: list_name varchar; kind varchar; name varchar; category varchar; level varchar; list_batch varchar; year integer; resolution varchar
select m.list_name, m.kind, m.name, m.category, m.level, m.list_batch, m.year, m.resolution
from list_member as m
where m.adcode = $adcode
order by m.list_name, m.row_number
