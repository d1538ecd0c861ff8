-- Which schema a warehouse was built with, and whether it holds only demo data: read before any other query
-- grain: one row
-- params: none
-- returns: schema_version varchar; only_demo boolean
-- Plain SQL on the two tables every version has had: a warehouse of an older schema lacks this version's
-- macros and views, and this is the query that decides to rebuild it.
select
    (
        select value from meta
        where key = 'schema_version'
    ) as schema_version,
    coalesce((
        select bool_and(is_demo) from batch
        where outcome = 'loaded'
    ), true) as only_demo
