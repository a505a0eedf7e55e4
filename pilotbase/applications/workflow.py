"""The filing workflow of Article 8 as one table: every allowed move, from which states, to which.

Each state has a name for staff (the model's label) and a name the applicant sees."""

from __future__ import annotations

from .models import Application

S = Application.Status

# action: (allowed from, goes to, who acts)
MOVES: dict[str, tuple[frozenset[str], str, str]] = {
    "submit": (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "applicant"),
    "recommend": (frozenset({S.SUBMITTED}), S.RECOMMENDED, "reviewer"),
    "return_by_unit": (frozenset({S.SUBMITTED}), S.RETURNED, "reviewer"),
    "not_recommend": (frozenset({S.SUBMITTED}), S.NOT_RECOMMENDED, "reviewer"),
    "start_formal_review": (frozenset({S.RECOMMENDED}), S.FORMAL_REVIEW, "officer"),
    "return_by_bureau": (frozenset({S.RECOMMENDED, S.FORMAL_REVIEW}), S.RETURNED, "officer"),
    "reject": (frozenset({S.FORMAL_REVIEW, S.EXPERT_EVALUATION}), S.REJECTED, "officer"),
    "send_to_experts": (frozenset({S.FORMAL_REVIEW}), S.EXPERT_EVALUATION, "officer"),
    "record_consolidated_opinion": (frozenset({S.EXPERT_EVALUATION}), S.EVALUATED, "officer"),
    "select": (frozenset({S.EVALUATED}), S.SELECTED, "officer"),
    "not_select": (frozenset({S.EVALUATED}), S.NOT_SELECTED, "officer"),
    "put_on_notice": (frozenset({S.SELECTED}), S.ON_NOTICE, "officer"),
    "objection_upheld": (frozenset({S.ON_NOTICE}), S.OBJECTION_UPHELD, "officer"),
    "file": (frozenset({S.ON_NOTICE}), S.FILED, "officer"),
    "withdraw": (
        frozenset(
            {
                S.DRAFT,
                S.SUBMITTED,
                S.RETURNED,
                S.RECOMMENDED,
                S.FORMAL_REVIEW,
                S.EXPERT_EVALUATION,
                S.EVALUATED,
                S.SELECTED,
                S.ON_NOTICE,
            }
        ),
        S.WITHDRAWN,
        "applicant",
    ),
}

APPLICANT_LABELS = {
    S.DRAFT: "草稿（未提交）",
    S.SUBMITTED: "已提交，推荐单位初审中",
    S.RETURNED: "已退回，请修改后重新提交",
    S.NOT_RECOMMENDED: "推荐单位未予推荐",
    S.RECOMMENDED: "已推荐至兵团科技局",
    S.FORMAL_REVIEW: "兵团科技局审查中",
    S.REJECTED: "审查未通过",
    S.EXPERT_EVALUATION: "专家评估论证中",
    S.EVALUATED: "评估论证完成，等待择优",
    S.NOT_SELECTED: "本批次未入选",
    S.SELECTED: "已入选，等待公示",
    S.ON_NOTICE: "公示中",
    S.OBJECTION_UPHELD: "公示异议成立，本批次不予备案",
    S.FILED: "已正式备案",
    S.WITHDRAWN: "已撤回",
}

EDITABLE = frozenset({S.DRAFT, S.RETURNED})
PRIVATE = frozenset({S.DRAFT})  # only the applicant sees a draft never submitted


def allowed(action: str, status: str) -> bool:
    return status in MOVES[action][0]


def applicant_label(status: str) -> str:
    return APPLICANT_LABELS.get(status, status)


# What each audited action is called on the timeline.
ACTION_LABELS = {
    "application_started": "开始填报",
    "draft_saved": "保存草稿",
    "material_uploaded": "上传材料",
    "material_removed": "删除材料",
    "submit": "提交申报",
    "integrity_pledge_signed": "签署科研诚信承诺书",
    "recommend": "推荐",
    "return_by_unit": "推荐单位退回补正",
    "not_recommend": "不予推荐",
    "start_formal_review": "开始形式审查",
    "check_reviewed": "核定审查项",
    "return_by_bureau": "科技局退回补正",
    "reject": "审查不通过",
    "send_to_experts": "提交专家评估论证",
    "site_visit_recorded": "登记现场核查",
    "record_consolidated_opinion": "登记专家组综合意见",
    "select": "择优入选",
    "not_select": "本批次未入选",
    "put_on_notice": "公示",
    "objection_upheld": "公示异议成立",
    "file": "发文正式备案",
    "withdraw": "撤回",
    "material_integrity_failed": "材料完整性校验失败",
    "forged_unit_ignored": "忽略伪造的推荐单位参数",
}
