-- Whether any loaded drop is the bundled synthetic demo data: the demo generator labels every
-- office table title 合成演示数据 and every long-layout row source 'synthetic demo data'
-- (demo/README.md). mart.files carries neither, so this one query reads raw.files / raw.rows.
select
    exists (
        select 1
        from raw.files
        where
            state = 'loaded'
            and (title like '%合成演示数据%' or lower(title) like '%synthetic demo data%')
    )
    or exists (
        select 1
        from raw.rows
        inner join raw.files using (file_id)
        where
            raw.files.state = 'loaded'
            and (
                raw.rows.source like '%合成演示数据%'
                or lower(raw.rows.source) like '%synthetic demo data%'
            )
    ) as demo
