"""Single sign-on users (OIDC through st.login) mapped to roles by the office's mapping file.

The mapping is YAML (setting HETANG_SSO_ROLES; see deploy/README.md):

    users:                     # by the provider's e-mail claim, checked first
      zhang.wei@example.gov.cn: {role: reviewer}
    groups:                    # by the `groups` claim, in the order of this file
      hetang-renshe: {role: department, department: 区人社局}
    default: viewer            # optional; without it an unmapped user is refused

A user the mapping does not name (and no default) gets no role and cannot sign in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from access.roles import Role, User


def load_mapping(path: Path | None) -> dict[str, Any]:
    """The mapping file's content ({} when no file is set)."""
    if path is None:
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(
            f"{path}: 角色映射须为 YAML 字典 / the role mapping must be a YAML mapping"
        )
    return data


def _user(name: str, entry: Mapping[str, Any] | str) -> User:
    if isinstance(entry, str):
        return User(name, Role(entry))
    return User(name, Role(entry["role"]), entry.get("department"))


def map_user(mapping: Mapping[str, Any], email: str | None, groups: Iterable[str]) -> User | None:
    """The dashboard user for an SSO identity, or None when the mapping gives no role."""
    if not email:
        return None
    by_user = mapping.get("users") or {}
    if email in by_user:
        return _user(email, by_user[email])
    member_of = set(groups)
    for group, entry in (mapping.get("groups") or {}).items():
        if group in member_of:
            return _user(email, entry)
    default = mapping.get("default")
    return _user(email, default) if default else None
