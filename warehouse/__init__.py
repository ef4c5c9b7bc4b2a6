"""The DuckDB warehouse: connections, migrations, the mart and judged SQL, publishing, reviews.

Every SQL statement of more than a line lives in a `.sql` file here (`migrations/`, `marts/`,
`judged/`, `statements/`, `queries/`); Python passes parameters (`warehouse.sql`). The warehouse
knows nothing of Prefect, readers or the dashboard.
"""
