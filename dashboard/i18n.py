"""Interface wording in Chinese (first) and English; target names come from mart.targets instead.

Chinese is the language of the district office, so every key has its Chinese text first. The
words for statuses, severities and alert states follow the office's usage (达标 / 预警 / 未达标,
红色预警 / 黄色预警).
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

Lang = Literal["zh", "en"]

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("{region}{year}年目标监测", "{region} {year} target monitor"),
    "app_title_plain": ("目标监测", "Target monitor"),
    "year": ("年度", "Year"),
    "year_option": ("{year}年", "{year}"),
    "region_year": ("{region}{year}年", "{region} {year}"),
    "page_overview": ("总览", "Overview"),
    "page_alerts": ("预警", "Alerts"),
    "page_trends": ("趋势", "Trends"),
    "page_quality": ("数据质量", "Data quality"),
    "english": ("English", "English"),
    "region": ("地区", "Region"),
    "period": ("统计期", "Period"),
    "demo_banner": (
        "**合成演示数据，非官方统计** — 本页数字由演示数据生成器虚构，只用于演示本系统，不得引用。",
        "**Synthetic demo data, not official statistics** — the figures shown are invented by the "
        "demo generator to exercise the monitor and must never be quoted.",
    ),
    "missing": (
        "还没有已发布的数据仓库（{path}）。请先运行 `hetang run` 生成数据，再刷新本页。",
        "No published warehouse yet ({path}). Run `hetang run` to build one, then reload this page.",
    ),
    "uninitialised": (
        "{path} 不是已建好的监测数据仓库（缺少 mart 视图）。请运行 `hetang run` 重新生成。",
        "{path} is not a built monitor warehouse (its mart views are missing). Run `hetang run`.",
    ),
    "empty": (
        "数据仓库里还没有任何统计数据：已运行 {runs} 次，尚无数据载入。把统计报表放入收件箱后运行 "
        "`hetang run`；被隔离的文件见“数据质量”页。",
        "The warehouse holds no figures yet: {runs} run(s), nothing loaded. Drop statistics files "
        "into the inbox and run `hetang run`; quarantined files are listed on the Data quality page.",
    ),
    "no_year_data": (
        "数据仓库中还没有地区 {region} {year} 年的统计数据，目标暂无法评估。请放入 {year} 年的统计报表后运行 "
        "`hetang run`。",
        "The warehouse has no {year} figures for region {region} yet, so no target can be judged. "
        "Drop {year} statistics into the inbox and run `hetang run`.",
    ),
    "status_counts": ("目标状态", "Target status"),
    "scorecard": ("目标一览", "Scorecard"),
    "progress_chart": (
        "量化任务：完成进度与时序进度",
        "Quantified tasks: progress and time progress",
    ),
    "progress_caption": (
        "条形为完成全年目标的比例，黑色竖线为时序进度（已过时间占全年的比例）。",
        "Bars show the share of the annual target done; the black mark is time progress "
        "(the share of the year elapsed).",
    ),
    "freshness": ("数据新鲜度", "Data freshness"),
    "last_run": ("最近一次运行", "Last run"),
    "last_run_state": ("运行状态", "Run state"),
    "run_as_of": ("评估日期", "Judged as of"),
    "no_runs": ("还没有运行记录。", "No run recorded yet."),
    "col_status": ("状态", "Status"),
    "col_target": ("目标", "Target"),
    "col_period": ("统计期", "Period"),
    "col_actual": ("实际", "Actual"),
    "col_target_value": ("目标值", "Target value"),
    "col_expected": ("应达值", "Expected"),
    "col_progress": ("完成进度", "Progress"),
    "col_elapsed": ("时序进度", "Time progress"),
    "col_time_gap": ("较时序进度", "vs time"),
    "col_time_gap_help": (
        "完成进度减时序进度，单位：百分点",
        "Progress minus time progress, in percentage points",
    ),
    "col_expected_help": (
        "量化任务：全年目标×时序进度；其他目标：达标门槛",
        "Cumulative tasks: annual target × time progress; other targets: the on-track threshold",
    ),
    "col_projection": ("预计全年", "Projected year end"),
    "col_previous": ("上年", "Previous year"),
    "col_unit": ("单位", "Unit"),
    "col_indicator": ("指标代码", "Indicator code"),
    "col_used_by": ("用于目标", "Used by target"),
    "col_latest_period": ("最新统计期", "Latest period"),
    "col_loaded_at": ("载入时间(北京时间)", "Loaded (Beijing time)"),
    "col_source_file": ("来源文件", "Source file"),
    "col_vintage": ("版本", "Vintage"),
    "col_value": ("数值", "Value"),
    "col_current": ("当前版本", "Current"),
    "alerts_scope": (
        "预警为最近一次运行后的当前状态（不随所选统计期变化）；预警说明由夜间运行按督办格式生成。",
        "Alerts are their state after the last run (the chosen period does not change them); "
        "their messages are written in Chinese by the nightly run.",
    ),
    "alerts_none": ("当前没有预警。", "There are no alerts."),
    "alerts_filtered_none": ("没有符合筛选条件的预警。", "No alert matches the filters."),
    "filter_severity": ("级别", "Severity"),
    "filter_state": ("状态", "State"),
    "filter_target": ("目标", "Target"),
    "all_targets": ("全部目标", "All targets"),
    "metric_open": ("待处理", "Open"),
    "metric_acknowledged": ("已确认", "Acknowledged"),
    "metric_critical": ("红色预警(未解除)", "Critical (not resolved)"),
    "opened_at": ("发出", "Opened"),
    "updated_at": ("更新", "Updated"),
    "reviewed": ("{reviewer} 于 {at} 确认", "acknowledged by {reviewer} at {at}"),
    "ack_header": ("确认预警", "Acknowledge an alert"),
    "ack_alert": ("预警", "Alert"),
    "ack_note": ("处理意见", "Note"),
    "ack_submit": ("确认", "Acknowledge"),
    "ack_none": ("没有待处理的预警。", "No open alert to acknowledge."),
    "ack_refused": ("无权确认预警：{error}", "Not allowed to acknowledge: {error}"),
    "answer_header": (
        "反馈预警（情况说明与整改措施）",
        "Answer an alert (explanation and measures)",
    ),
    "answer_alert": ("预警", "Alert"),
    "answer_explanation": ("情况说明", "Explanation"),
    "answer_measures": ("整改措施", "Measures"),
    "answer_submit": ("提交反馈", "Submit answer"),
    "answer_none": ("没有需要本部门反馈的预警。", "No alert awaits your department's answer."),
    "answer_done": ("已反馈：{target}", "Answered: {target}"),
    "answer_refused": ("无法提交反馈：{error}", "Answer not stored: {error}"),
    "card_department": ("责任单位 {department}", "Department {department}"),
    "card_due": ("反馈期限 {due}", "answer due {due}"),
    "card_escalated": ("红色督办", "Red supervision"),
    "reason_lag": ("连续{lag}期预警或未达标", "lagging {lag} periods in a row"),
    "reason_overdue": ("逾期未反馈", "answer overdue"),
    "card_answer": (
        "{by} 于 {at} 反馈 — 情况说明：{explanation}；整改措施：{measures}",
        "answered by {by} at {at} — explanation: {explanation}; measures: {measures}",
    ),
    "signin_title": ("登录 荷塘区目标监测", "Sign in to the Hetang monitor"),
    "signin_name": ("用户名", "User name"),
    "signin_password": ("密码", "Password"),
    "signin_submit": ("登录", "Sign in"),
    "signin_sso": ("使用单位统一身份认证登录", "Sign in with the office's single sign-on"),
    "signin_wrong": ("用户名或密码不正确。", "Wrong user name or password."),
    "signin_locked": (
        "连续多次登录失败，账号已锁定 {minutes} 分钟。",
        "Too many failed sign-ins: the account is locked for {minutes} minutes.",
    ),
    "signin_disabled": ("该账号已停用。", "This account is disabled."),
    "signin_sso_unmapped": (
        "统一身份认证账号未分配角色，请联系管理员。",
        "Your single sign-on account has no role here; ask an administrator.",
    ),
    "signed_in_as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "sign_out": ("退出登录", "Sign out"),
    "page_users": ("用户与审计", "Users & audit"),
    "users_header": ("用户", "Users"),
    "users_add": ("添加用户", "Add a user"),
    "users_name": ("用户名", "User name"),
    "users_role": ("角色", "Role"),
    "users_department": ("部门（部门用户必填）", "Department (required for department users)"),
    "users_password": ("初始密码", "Initial password"),
    "users_add_submit": ("添加", "Add"),
    "users_added": ("已添加用户 {name}", "User {name} added"),
    "users_disable": ("停用用户", "Disable a user"),
    "users_disable_submit": ("停用", "Disable"),
    "users_disabled": ("已停用用户 {name}", "User {name} disabled"),
    "audit_header": ("审计日志", "Audit log"),
    "col_user": ("用户", "User"),
    "col_role": ("角色", "Role"),
    "col_department": ("部门", "Department"),
    "col_disabled": ("已停用", "Disabled"),
    "col_locked_until": ("锁定至(北京时间)", "Locked until (Beijing)"),
    "col_at": ("时间(北京时间)", "Time (Beijing)"),
    "col_action": ("操作", "Action"),
    "col_alert": ("预警", "Alert"),
    "col_detail": ("详情", "Detail"),
    "ack_done": ("已确认：{target}", "Acknowledged: {target}"),
    "history_header": ("预警记录", "Alert history"),
    "history_alert": ("选择预警", "Choose an alert"),
    "history_reviews": ("确认记录", "Reviews"),
    "history_no_reviews": ("还没有人确认这条预警。", "Nobody has acknowledged this alert yet."),
    "col_changed_at": ("时间(北京时间)", "Time (Beijing)"),
    "col_event": ("事件", "Event"),
    "col_severity": ("级别", "Severity"),
    "col_state": ("状态", "State"),
    "col_message": ("说明", "Message"),
    "col_reviewer": ("确认人", "Reviewer"),
    "col_note": ("意见", "Note"),
    "trend_target": ("选择目标", "Choose a target"),
    "trend_no_data": (
        "该目标在所选统计期之前还没有数据。",
        "This target has no figure up to the chosen period.",
    ),
    "trend_latest": ("最新实际", "Latest actual"),
    "trend_target_value": ("目标值", "Target value"),
    "trend_status": ("最新状态", "Latest status"),
    "trend_projection": ("预计全年", "Projected year end"),
    "trend_statuses": ("各期状态", "Status by period"),
    "trend_vintages": ("修订记录（早期版本）", "Revisions (earlier vintages)"),
    "trend_no_vintages": (
        "所选目标的数据没有修订。",
        "The figures of this target were never revised.",
    ),
    "chart_month": ("截至月份", "Through month"),
    "chart_value": ("数值", "Value"),
    "chart_series": ("序列", "Series"),
    "series_actual": ("实际", "Actual"),
    "series_target": ("目标", "Target"),
    "series_threshold": ("达标门槛", "On-track threshold"),
    "series_time_path": ("时序进度目标", "Time-progress path"),
    "series_projection": ("预计全年", "Projection"),
    "series_revised": ("修订前数值", "Earlier vintage"),
    "series_compare": ("地区生产总值增长", "GDP growth"),
    "files": ("文件台账", "Files seen"),
    "unmapped": ("未识别的指标名称", "Unmapped indicator names"),
    "unmapped_none": ("没有未识别的指标名称。", "No unmapped indicator names."),
    "findings": ("数据质量问题", "Data-quality findings"),
    "findings_none": ("没有数据质量问题。", "No data-quality findings."),
    "runs": ("运行记录", "Runs"),
    "data_docs": ("Great Expectations 数据文档", "Great Expectations Data Docs"),
    "data_docs_missing": (
        "还没有生成数据文档（{path}）。",
        "No Data Docs built yet ({path}).",
    ),
    "data_docs_hint": (
        "在浏览器中打开此文件（file:// 链接在部分浏览器中需复制到地址栏）：",
        "Open this file in a browser (some browsers need the file:// link pasted into the address bar):",
    ),
    "files_quarantined": ("被隔离的文件", "Quarantined files"),
    "files_loaded": ("已载入的文件", "Loaded files"),
    "files_duplicate": ("重复的文件", "Duplicate files"),
    "col_rank": ("争先进位", "Peer rank"),
    "col_catch_up": ("倒算", "Catch-up"),
    "rank_header": ("争先进位：在同级地区中的位次", "Peer ranking among regions of the same level"),
    "rank_caption": (
        "位次来自 mart.region_ranks：与同一上级地区的各县市区比较，第1位最好（失业率、物价等越低越好）。",
        "Ranks come from mart.region_ranks: among the regions with the same parent, 1st is best "
        "(lower is better for unemployment and prices).",
    ),
    "rank_none": (
        "所选统计期还没有可比较的同级地区数据。",
        "No figures of peer regions for the chosen period yet.",
    ),
    "catch_up_header": ("倒算：落后于时序进度的量化任务", "Catch-up: quantified tasks behind time"),
    "catch_up_none": (
        "没有落后于时序进度的量化任务。",
        "No quantified task is behind time progress.",
    ),
    "catch_up_text": (
        "余下{months}个月需月均完成{needed}{unit}",
        "{needed} {unit} a month needed over the remaining {months} month(s)",
    ),
    "ranking_header": ("争先进位：{indicator} · {period}", "Peer ranking: {indicator} · {period}"),
    "ranking_none": (
        "该指标在所选统计期没有同级地区的数据，无法排名。",
        "No figures of peer regions for this indicator and period: no ranking.",
    ),
    "ranking_region": ("地区", "Region"),
    "ranking_rank": ("位次", "Rank"),
    "ranking_own": ("本地区", "This region"),
    "ranking_peer": ("其他地区", "Other regions"),
    "page_briefing": ("通报", "Briefing"),
    "briefing_header": ("月度通报下载", "Download the monthly briefing"),
    "briefing_caption": (
        "通报由每次夜间运行按最新统计期生成（Word、Excel、PDF），存放在 {folder}。",
        "Each nightly run writes the briefing of the latest period (Word, Excel, PDF) into {folder}.",
    ),
    "briefing_none": (
        "还没有生成通报（{folder} 中没有本地区的通报文件）。夜间运行 `hetang run` 后会自动生成，"
        "也可用 `hetang brief` 手动生成。",
        "No briefing written yet ({folder} holds none for this region). The nightly `hetang run` "
        "writes one; `hetang brief` writes one by hand.",
    ),
    "briefing_download": (
        "下载通报（{period}，{format}）",
        "Download briefing ({period}, {format})",
    ),
    "briefing_period": ("{period}通报", "Briefing for {period}"),
}

# Peer-ranking wording: the parent's level names the field of comparison (全市 = the city's
# counties). English ordinals follow the usual rule (1st, 2nd, 3rd, 4th … 11th-13th).
RANK_SCOPE: dict[str, tuple[str, str]] = {
    "city": ("全市", "in the city"),
    "province": ("全省", "in the province"),
    "county": ("全县", "in the county"),
}
FILE_FORMAT: dict[str, tuple[str, str]] = {
    ".docx": ("Word", "Word"),
    ".xlsx": ("Excel", "Excel"),
    ".pdf": ("PDF", "PDF"),
}

STATUS: dict[str, tuple[str, str]] = {
    "on_track": ("达标", "On track"),
    "at_risk": ("预警", "At risk"),
    "shortfall": ("未达标", "Shortfall"),
    "no_data": ("无数据", "No data"),
    "not_validated": ("未校验", "Not validated"),
}

SEVERITY: dict[str, tuple[str, str]] = {
    "critical": ("红色预警", "Critical"),
    "warning": ("黄色预警", "Warning"),
}

ALERT_STATE: dict[str, tuple[str, str]] = {
    "open": ("待处理", "Open"),
    "acknowledged": ("已确认", "Acknowledged"),
    "resolved": ("已解除", "Resolved"),
}

RESPONSE_STATE: dict[str, tuple[str, str]] = {
    "awaiting": ("待反馈", "Awaiting answer"),
    "responded": ("已反馈", "Responded"),
    "overdue": ("逾期未反馈", "Overdue"),
}

ROLE: dict[str, tuple[str, str]] = {
    "viewer": ("只读", "Viewer"),
    "department": ("部门", "Department"),
    "reviewer": ("审核人", "Reviewer"),
    "admin": ("管理员", "Admin"),
}

EVENT: dict[str, tuple[str, str]] = {
    "opened": ("发出", "opened"),
    "escalated": ("升级", "escalated"),
    "deescalated": ("降级", "de-escalated"),
    "updated": ("更新", "updated"),
    "acknowledged": ("确认", "acknowledged"),
    "resolved": ("解除", "resolved"),
}

RUN_STATE: dict[str, tuple[str, str]] = {
    "completed": ("已完成", "completed"),
    "failed": ("失败", "failed"),
    "running": ("运行中", "running"),
}

FILE_STATE: dict[str, tuple[str, str]] = {
    "loaded": ("已载入", "loaded"),
    "quarantined": ("已隔离", "quarantined"),
    "duplicate": ("重复", "duplicate"),
}

# English names of the period wordings of core.period_label (SPEC §1).
_QUARTER_EN = {1: "Q1", 2: "H1", 3: "Q1–Q3", 4: "Full year"}
_MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def t(key: str, lang: Lang, **values: object) -> str:
    """The wording of `key` in `lang`, with `{placeholders}` filled from `values`."""
    zh, en = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def word(table: dict[str, tuple[str, str]], code: str | None, lang: Lang) -> str:
    """The label of a code (status, severity, state …); unknown codes are shown as they are."""
    if code is None or code not in table:
        return "" if code is None else str(code)
    zh, en = table[code]
    return zh if lang == "zh" else en


def period_label_en(period: str) -> str:
    """English wording of a period: 'Jan–Mar', 'H1', 'Full year'."""
    if len(period) == 4:
        return "Full year"
    if period[5] == "Q":
        return _QUARTER_EN[int(period[6])]
    month = int(period[5:7])
    return _MONTH_EN[0] if month == 1 else f"Jan–{_MONTH_EN[month - 1]}"


def period_label(period: str, label_zh: str, lang: Lang) -> str:
    """The wording of a period in `lang`, with its code so that 2022-Q4 and 2022 stay apart."""
    label = label_zh if lang == "zh" else period_label_en(period)
    return f"{label} ({period})"


def ordinal(number: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def rank_text(rank: Any, peers: Any, level: Any, lang: Lang) -> str:
    """'居全市第6位/9' / '6th of 9 in the city'; '' unless there are peers to rank against."""
    if _missing(rank) or _missing(peers) or int(peers) <= 1:
        return ""
    place, among = int(rank), int(peers)
    scope = word(RANK_SCOPE, level if isinstance(level, str) else "city", lang)
    if lang == "zh":
        return f"居{scope}第{place}位/{among}"
    return f"{ordinal(place)} of {among} {scope}"


def number_text(value: float) -> str:
    """A figure as offices write it: thousands separators, at most two decimals, no trailing 0s."""
    text = f"{float(value):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def catch_up_text(months_left: Any, needed: Any, unit: Any, lang: Lang) -> str:
    """'余下3个月需月均完成46.67张' from mart.target_progress; '' when nothing is left to do."""
    if _missing(months_left) or _missing(needed) or int(months_left) <= 0:
        return ""
    unit_text = unit if isinstance(unit, str) else ""
    return t(
        "catch_up_text", lang, months=int(months_left), needed=number_text(needed), unit=unit_text
    ).strip()


def target_name(name_zh: str, name_en: str, lang: Lang) -> str:
    """A target's name from mart.targets in `lang`."""
    return name_zh if lang == "zh" else name_en


# Column headings of the ledger tables on the Data quality page (mart column names as keys).
COLUMNS: dict[str, tuple[str, str]] = {
    "file_name": ("文件名", "File"),
    "state": ("状态", "State"),
    "reason": ("原因", "Reason"),
    "layout": ("格式", "Layout"),
    "encoding": ("编码", "Encoding"),
    "period": ("统计期", "Period"),
    "loaded_at": ("载入时间(北京时间)", "Loaded (Beijing time)"),
    "sha256": ("SHA-256", "SHA-256"),
    "indicator_name": ("指标名称", "Indicator name"),
    "first_row": ("首次出现行", "First row"),
    "cells": ("单元格数", "Cells"),
    "run_id": ("运行编号", "Run"),
    "run_started_at": ("运行开始(北京时间)", "Run started (Beijing time)"),
    "row_number": ("行", "Row"),
    "column_name": ("列", "Column"),
    "rule": ("规则", "Rule"),
    "message": ("说明", "Message"),
    "quarantined": ("是否隔离", "Quarantined"),
    "started_at": ("开始(北京时间)", "Started (Beijing time)"),
    "finished_at": ("结束(北京时间)", "Finished (Beijing time)"),
    "as_of": ("评估日期", "As of"),
    "inbox": ("收件箱", "Inbox"),
    "files_loaded": ("载入文件", "Loaded"),
    "files_quarantined": ("隔离文件", "Quarantined"),
    "files_duplicate": ("重复文件", "Duplicates"),
    "alerts_opened": ("新预警", "Alerts opened"),
    "alerts_escalated": ("升级预警", "Escalated"),
    "alerts_resolved": ("解除预警", "Resolved"),
    "duration_s": ("耗时(秒)", "Duration (s)"),
}


def headed(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """`frame` with the mart column names it has worded as COLUMNS says (others unchanged)."""
    return frame.rename(columns={c: word(COLUMNS, c, lang) for c in frame.columns if c in COLUMNS})
