-- core.regions becomes the register of China's administrative divisions (SPEC §4.8, §5): every
-- province, city and county with its level and parent; English names only where a catalog
-- gives one.
alter table core.regions add column level varchar;
alter table core.regions add column parent_code varchar;
alter table core.regions alter column name_en drop not null;
