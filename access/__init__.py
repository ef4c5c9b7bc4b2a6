"""Who may see and change what on the dashboard: roles, users, the audit log, the only writes."""
