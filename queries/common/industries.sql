-- The GB/T 4754-2017 manufacturing divisions (C13–C43), for the industry filter
-- grain: one row per division
-- params: none
-- returns: code varchar; name varchar
select code, name
from industry
order by code
