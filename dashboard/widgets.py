"""Choice widgets whose option labels follow the language and whose choice survives a switch.

A Streamlit widget that stays on the page keeps showing the option labels it was first drawn
with (seen here: the period list stayed in Chinese after switching to English). So a widget whose
labels depend on the language gets one key per language (`<name>_zh`, `<name>_en`), and the
choice is remembered under its name to become the choice of the widget in the other language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import Lang, word


def key_of(name: str, lang: Lang) -> str:
    """The widget key of `name` in `lang` (what tests drive)."""
    return f"{name}_{lang}"


def _chosen_key(name: str) -> str:
    return f"{name}__chosen"


def _remember(name: str, key: str) -> None:
    st.session_state[_chosen_key(name)] = st.session_state[key]


def selectbox(
    where: Any,  # st, st.sidebar or a column
    label: str,
    options: Sequence[Any],
    *,
    name: str,
    lang: Lang,
    default: Any,
    format_func: Callable[[Any], str],
) -> Any:
    """A selectbox showing the remembered choice, else `default` (one of `options`)."""
    key = key_of(name, lang)
    value = st.session_state.get(_chosen_key(name), default)
    if value not in options:
        value = default
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]  # a choice the new data no longer offers
    return where.selectbox(
        label,
        options,
        index=list(options).index(value),
        format_func=format_func,
        key=key,
        on_change=_remember,
        args=(name, key),
    )


def multiselect(
    where: Any,  # st, st.sidebar or a column
    label: str,
    options: Sequence[Any],
    *,
    name: str,
    lang: Lang,
    default: Sequence[Any],
    format_func: Callable[[Any], str],
) -> list[Any]:
    """A multiselect showing the remembered choice, else `default`."""
    key = key_of(name, lang)
    value = [v for v in st.session_state.get(_chosen_key(name), default) if v in options]
    return where.multiselect(
        label,
        options,
        default=value,
        format_func=format_func,
        key=key,
        on_change=_remember,
        args=(name, key),
    )


def choose(where: Any, label: str, names: dict[Any, str], *, name: str, lang: Lang) -> Any:
    """A selectbox over the keys of `names`, shown by their names; the first one by default."""
    return selectbox(
        where,
        label,
        list(names),
        name=name,
        lang=lang,
        default=next(iter(names)),
        format_func=names.__getitem__,
    )


def choose_words(
    where: Any, label: str, words: dict, *, name: str, lang: Lang, default: Sequence[Any]
) -> list[Any]:
    """A multiselect over the codes of a word table of `dashboard.i18n` (SEVERITY, ...)."""
    return multiselect(
        where,
        label,
        list(words),
        name=name,
        lang=lang,
        default=default,
        format_func=lambda code: word(words, code, lang),
    )
