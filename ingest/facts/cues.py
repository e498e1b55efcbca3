"""Cue words, as data: what a table header means, how an owner list marks roles, how a target compares.

Policy documents of different places word the same thing differently (责任单位 / 牵头部门 / 主要责任单位,
完成时限 / 时间节点 / 进度安排, 不低于 / 力争达到 / 控制在…以内). The extractors read these tables
instead of one pattern per phrasing, so a new wording is one more entry here.

Example:
    >>> HEADER_EXACT["单位"], [role for role, _ in HEADER_CUES][:3]
    ('unit', ['serial', 'co', 'lead'])
"""

from __future__ import annotations

# Whole-header matches first: a bare 单位 column in an indicator table holds units, not owners.
HEADER_EXACT: dict[str, str] = {
    "单位": "unit", "计量单位": "unit", "指标单位": "unit", "单位名称": "owner",
    "序号": "serial", "编号": "serial", "序": "serial", "时间": "deadline", "完成": "deadline",
    # people, not departments
    "责任人": "note", "责任领导": "note", "分管领导": "note", "联系人": "note", "责任人员": "note",
}

# Checked in order; the first role with a cue inside the header wins (配合 before 单位, 时限 before 任务).
HEADER_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("serial", ("序号", "编号")),
    ("co", ("配合", "协同", "参与", "协办", "协助", "协作", "共同责任")),
    ("lead", ("牵头", "主要责任", "主责", "主办", "负总责", "第一责任")),
    ("start", ("启动时间", "开始时间", "起始时间", "启动日期", "开始日期", "开工时间")),  # not when it is due
    ("deadline", ("时限", "完成时间", "时间节点", "进度安排", "时间安排", "完成期限", "期限", "进度", "节点",
                  "完成年度", "截止时间")),
    ("owner", ("责任单位", "责任部门", "负责单位", "负责部门", "责任主体", "责任处室", "责任科室", "承办",
               "实施单位", "实施主体", "落实单位", "责任分工", "受理部门", "受理单位", "办理部门", "审批部门",
               "责任", "负责")),
    ("baseline", ("基期", "基线", "现状", "基准", "基数", "现值")),
    ("unit", ("计量单位", "单位")),
    ("indicator", ("指标名称", "指标内容", "具体指标", "主要指标", "指标项")),  # before 内容 / 任务
    ("task", ("任务", "措施", "工作内容", "内容", "事项", "举措", "工作要求", "具体工作")),
    ("value", ("指标值", "目标值", "预期值")),  # before 指标
    ("indicator", ("指标", "名称", "项目")),
    ("value", ("目标", "预期")),
    ("period", ("年度", "年份", "年限")),  # rows are years, columns indicators (年度 | 床位（张） | 占比（%）)
    ("category", ("分类", "分组", "类别", "领域", "类型", "方面")),
    ("note", ("备注", "说明", "属性")),
]

# Roles whose empty cell under a filled one is a vertical merge: a task always has a lead and a deadline.
CARRIED_ROLES = frozenset({"lead", "owner", "deadline", "category"})

# Marks written after a name inside an owner list: 县卫健局（牵头）、县民政局.
OWNER_MARKS: dict[str, str] = {"牵头": "lead", "主责": "lead", "负责": "lead", "配合": "co", "协办": "co",
                               "协同": "co", "参与": "co", "协助": "co"}

# Verbs before a value and what they mean (达到50%以上: the 以上 after the number wins).
COMPARATOR_VERBS: dict[str, str] = {
    "不低于": "不低于", "不少于": "不低于", "至少": "不低于", "不小于": "不低于",
    "不超过": "不超过", "不高于": "不超过", "不大于": "不超过", "控制在": "不超过", "低于": "以下",
    "超过": "以上", "高于": "以上", "大于": "以上", "多于": "以上",
    "达到": "达到", "达": "达到", "提高到": "达到", "提升到": "达到", "增加到": "达到", "增长到": "达到",
    "提高至": "达到", "提升至": "达到", "增加至": "达到", "力争达到": "达到", "保持在": "达到", "稳定在": "达到", "保持": "达到",
}
COMPARATOR_POST: dict[str, str] = {"以上": "以上", "及以上": "以上", "以下": "以下", "及以下": "以下",
                                   "左右": "左右", "以内": "不超过", "之内": "不超过"}
COMPARATOR_SIGNS: dict[str, str] = {"≥": "不低于", "≧": "不低于", ">": "以上", "＞": "以上",
                                    "≤": "不超过", "≦": "不超过", "<": "以下", "＜": "以下"}
# A row of a year-by-row table that reports what was, not what is aimed at: 2023年（实际）.
ACTUAL_ROW = ("实际", "现状", "基期", "基数", "完成", "现值")
# A statement of full coverage is a 100% target (签约服务实现全覆盖).
FULL_COVERAGE = ("全覆盖", "全部覆盖", "100%覆盖")
