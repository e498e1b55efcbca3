"""Who is responsible: owner statements in every form the policy texts use.

Forms understood (any department names, any jurisdiction):

* a trailing parenthetical with role verbs: ``（区卫生健康委、区民政局按职责分工负责，各乡镇人民政府、
  街道办事处负责）``, ``（县卫生健康委牵头，县民政局、县财政局配合）``;
* labelled lists: ``(牵头单位:城区卫计局、民政局;配合单位:城区发改局、住建局)``, ``责任单位：市医保局``,
  ``〔责任单位:省卫健委、民政厅牵头,省发改委…按职责分工落实.以下均需…落实,不再列出〕``;
* a parenthetical closing a sentence before its 。 (``开展家庭病床服务（市卫健委牵头，市医保局等配合）。``),
  or split over two lines (``（牵头单位：市卫生健康\n委）``);
* a paragraph's last sentence that only names owners: ``县卫健局（牵头）、县医保局按职责分工负责。``;
* a table cell under 责任单位 / 牵头单位 / 配合单位, marks included (``县卫健局（牵头）、县民政局``: once a lead
  is marked the rest co-own) and names a line break cut (``县卫生健康\n局``);
* prose duties: ``城区财政局要落实相关投入政策``, ``由卫生健康行政部门牵头负责、民政部门配合``,
  ``…的监管工作由市卫生健康委负责落实``.

List syntax (items, 等, brackets, marks) is read by :mod:`ingest.facts.owner_lists`.

Roles: 牵头 -> lead; 配合 / 协同 / 按职责分工 -> co; local governments (各乡镇人民政府, 各市、县(区)
人民政府, …管委会) outside a 牵头 slot -> territorial. An unmarked list (``责任单位：A、B``) reads as
A leads, B co-owns. An elliptical item inherits the prefix before it (``省卫健委、民政厅`` -> 省民政厅).

Example:
    >>> p = ResponsibilityParser()
    >>> r = p.parse_statement("责任单位:省卫健委、民政厅牵头,省医保局按职责分工落实")
    >>> [(o.name, o.role) for o in r.owners]
    [('省卫生健康委', 'lead'), ('省民政厅', 'lead'), ('省医保局', 'co')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.schema import Owner, OwnerRole
from ingest.facts.departments import (
    DepartmentDirectory,
    is_generic,
    is_local_government,
    normalize,
)
from ingest.facts.owner_lists import bracket_groups, dedupe_owners, join_broken_names, mark_roles, split_items

_LABELS = (r"牵头单位|牵头部门|主责单位|主责部门|主要责任单位|责任单位|责任部门|负责单位|实施单位|"
           r"配合单位|配合部门|协办单位|协同单位|参与单位|协助单位")
_SHORT_LABELS = r"牵头|主责|配合|协办|协同|参与|协助"  # only with a colon: 牵头：市卫健委；配合：市民政局
_LABEL = re.compile(rf"^(?:(?P<label>{_LABELS})[:：]?|(?P<short>{_SHORT_LABELS})[:：])(?P<rest>.*)$")
# a second label run on without a ；(牵头单位：A 配合单位：B) starts its own chunk
_INNER_LABEL = re.compile(rf"(?<=[^;；(\[〔【])(?<!主要)(?=(?:{_LABELS}|{_SHORT_LABELS})[:：])")
_LABEL_ROLE: dict[str, OwnerRole | None] = {"牵头": "lead", "主责": "lead", "主要": "lead", "配合": "co", "协办": "co",
                                             "协同": "co", "参与": "co", "协助": "co"}
_VERB = re.compile(
    r"(?:分别|共同|会同有关部门)?(?P<verb>按职责分工负责|按职责分工落实|按职责分工|按职责负责|按职责落实|"
    r"牵头负责|牵头落实|牵头|配合落实|配合|协同|协助|参与|负总责|负责|落实|实施)"
)
_STANDING = re.compile(r"以下(?:均|都|各项)?(?:需|由|请)?(?P<who>.+?)(?:负责)?落实[,，]?(?:不再(?:一一)?列出|下同)[。.]?")
_FIRST_LEADS = re.compile(r"[,，;；]?(?:排在|排名|列|位列)?(?:第一位|第一|首位)(?:的|单位|部门)?(?:为|是)"
                          r"牵头(?:单位|部门)?(?:[,，]?下同)?")
_SPLIT_CHUNKS = re.compile(r"[;；。]|\.(?!\d)")
_DUTY = re.compile(r"(?:同时|此外|另外|并)?(?:由)?(?P<subj>[^,，:：]{2,60}?)"
                   r"(?:分别|共同)?(?P<verb>要|应当|应|须|负责|牵头)(?P<rest>.+)$")
_MARKERS = re.compile(r"牵头|配合|负责|落实|责任单位|责任部门|协办|参与单位")
_RESPONSIBLE = "responsible"  # internal: 负责 / 落实, resolved per item in _owners


@dataclass(frozen=True)
class Responsibility:
    """Owners found in one statement, plus a standing note that applies to what follows."""

    owners: tuple[Owner, ...] = ()
    standing: tuple[Owner, ...] = ()
    first_leads_below: bool = False  # 排在第一位的为牵头单位，下同: later lists read the same way

    def __bool__(self) -> bool:
        return bool(self.owners or self.standing)


@dataclass(frozen=True)
class Statement:
    """An owner statement located in a clause's text (offsets into the raw text)."""

    start: int
    end: int
    responsibility: Responsibility


@dataclass(frozen=True)
class Duty:
    """A prose duty: ``<departments>要<duty>``."""

    owners: tuple[Owner, ...]
    title: str
    sentence: str


@dataclass
class _Prefix:
    value: str = field(default="")


class ResponsibilityParser:
    """Parses owner statements into :class:`~corpus.schema.Owner` records.

    Args:
        directory: department alias table; the default loads ``corpus/departments.yaml``.
    """

    def __init__(self, directory: DepartmentDirectory | None = None) -> None:
        self.directory = directory or DepartmentDirectory.from_yaml()

    # -- statements ---------------------------------------------------------------------------
    def parse_statement(self, text: str, default: OwnerRole | None = None) -> Responsibility:
        """Parse the inside of an owner statement (no brackets needed)."""
        s = _INNER_LABEL.sub(";", mark_roles(normalize(text)).strip("()〔〕[]【】"))
        standing: list[Owner] = []
        if m := _STANDING.search(s):
            standing = self._group(m.group("who"), "territorial", _Prefix())
            s = s[: m.start()] + s[m.end():]
        first_leads = _FIRST_LEADS.search(s)
        if first_leads:
            s = s[: first_leads.start()] + s[first_leads.end():]
        owners: list[Owner] = []
        prefix = _Prefix()
        for chunk in _SPLIT_CHUNKS.split(s):
            chunk = chunk.strip(",，、 ")
            if not chunk:
                continue
            if lm := _LABEL.match(chunk):
                role = _LABEL_ROLE.get((lm.group("label") or lm.group("short"))[:2], default)
                owners += self._groups(lm.group("rest"), role, prefix)
            else:
                owners += self._groups(chunk, default, prefix)
        if first_leads:
            owners = list(first_named_leads(tuple(owners)))
        below = bool(first_leads and "下同" in first_leads.group(0))
        return Responsibility(tuple(dedupe_owners(owners)), tuple(standing), below)

    def parse_cell(self, cell: str, role: OwnerRole | None = None) -> tuple[Owner, ...]:
        """A table cell under 责任单位 (role None: first leads), 牵头单位 (lead) or 配合单位 (co)."""
        cell = join_broken_names(cell, self.directory.is_department)
        if _MARKERS.search(normalize(cell)) and not re.fullmatch(r"[^牵配负落]*", normalize(cell)):
            return self.parse_statement(cell.replace("\n", "、"), default=role).owners
        names = [n for line in cell.splitlines() for item in split_items(line)
                 for n in ([item] if is_local_government(item) else self.directory.split_names(item))]
        return tuple(dedupe_owners(self._owners(names, role, _Prefix())))

    def find_statements(self, text: str) -> list[Statement]:
        """Bracketed owner statements that end a paragraph, the clause or a sentence (``…（X负责）。``)."""
        found = []
        for start, end in bracket_groups(text):
            tail = text[end:end + 3].lstrip(" \u3000")
            if tail and tail[0] not in "\n。.;；" and end < len(text.rstrip()):
                continue
            inner = text[start + 1:end - 1]
            if not _MARKERS.search(normalize(inner)):
                continue
            resp = self.parse_statement(inner)
            if resp.owners and any(self.directory.is_department(o.surface) for o in resp.owners):
                found.append(Statement(start, end, resp))
        labelled = re.search(r"(?:责任单位|牵头单位|责任部门)[:：](?P<who>[^\n。]+)[。]?\s*$", text)
        if not found and labelled:
            resp = self.parse_statement(text[labelled.start():])
            if resp.owners:
                found.append(Statement(labelled.start(), len(text), resp))
        return found or self._owner_sentences(text)

    def _owner_sentences(self, text: str) -> list[Statement]:
        """A paragraph's last sentence that only names owners: ``县卫健局（牵头）、县医保局按职责分工负责。``."""
        found = []
        for m in re.finditer(r"(?:^|(?<=[。；;\n]))(?P<s>[^。；;\n]{4,120}?)[。；;]?[ \u3000]*(?=\n|$)", text):
            words = mark_roles(m.group("s"))
            items = [re.sub(r"^(?:由|请)", "", i) for i in split_items(_VERB.sub("、", words))]
            if not _VERB.search(words) or not items:
                continue
            # names only: …的监管工作由市卫健委负责落实 is a sentence about a duty, not an owner note
            if all(len(i) <= 14 and "的" not in i and (is_local_government(i) or self.directory.is_department(i))
                   for i in items):
                resp = self.parse_statement(m.group("s"))
                if resp.owners:
                    found.append(Statement(m.start("s"), m.end(), resp))
        return found

    # -- prose ----------------------------------------------------------------------------------
    def parse_duties(self, text: str) -> list[Duty]:
        """``X要…`` / ``X负责…`` sentences whose subject is a list of departments."""
        duties = []
        sentences = [s for para in text.splitlines() for s in _SPLIT_CHUNKS.split(normalize(para))]
        for sentence in sentences:
            for m in self._duty_matches(sentence):
                names = self._subject_names(m.group("subj"))
                role = "lead" if m.group("verb") == "牵头" else _RESPONSIBLE
                owners = self._owners(names, role, _Prefix())
                duties.append(Duty(tuple(dedupe_owners(owners)), _duty_title(m.group("rest")), sentence))
        return duties

    def _duty_matches(self, sentence: str) -> list[re.Match[str]]:
        """Comma-delimited stretches of ``sentence`` that read ``<departments>要…``: the first one, and
        each later one that names other departments (A负责X，B负责Y，C负责Z)."""
        found: list[re.Match[str]] = []
        starts = [0] + [m.end() for m in re.finditer(r"[,，]", sentence)]
        for start in starts:
            m = _DUTY.match(sentence, start)
            if m and self._subject_names(m.group("subj")) and (not found or m.group("verb") == "负责"):
                found.append(m)
        # each duty's words end where the next one starts
        return [_DUTY.match(sentence[:nxt.start()], m.start()) or m
                for m, nxt in zip(found, found[1:])] + found[-1:]

    def parse_inline_roles(self, text: str) -> tuple[Owner, ...]:
        """``由X牵头负责、Y配合`` / ``由X负责落实`` inside a sentence."""
        owners: list[Owner] = []
        # 分别由A和B负责 divides supervision by sector; it names no lead of the task
        for m in re.finditer(r"(?<!分别)由(?P<lead>[^,，。；;由]{2,40}?)(?:牵头|负责)(?:负责|落实)?[、,，]?"
                             r"(?:(?P<co>[^,，。；;]{2,40}?)(?:配合|协助|参与))?", normalize(text)):
            prefix = _Prefix()
            lead = self._subject_names(m.group("lead"))
            owners += self._owners(lead, "lead", prefix)
            if m.group("co"):
                owners += self._owners(self._subject_names(m.group("co")), "co", prefix)
        return tuple(dedupe_owners(owners))

    def _subject_names(self, subj: str) -> list[str]:
        subj = re.sub(r"^(?:由|请)", "", re.split(r"(?<!自)由", subj)[-1])  # …的监管工作由市卫健委 -> 市卫健委
        if m := re.match(r"^(?P<list>.+?)等(?:有关|相关)?部门$", subj):
            names = [n if n.endswith(("部门", "局", "委", "厅")) else n + "部门" for n in split_items(m.group("list"))]
        else:
            names = split_items(subj)
        names = [n for n in names if not is_generic(n)]
        if not names or not all(self.directory.is_department(n) or is_local_government(n) for n in names):
            return []
        return names

    # -- groups ---------------------------------------------------------------------------------
    def _groups(self, s: str, default: str | None, prefix: _Prefix) -> list[Owner]:
        owners: list[Owner] = []
        pos = 0
        for m in _VERB.finditer(s):
            group = s[pos:m.start()].strip(",，、")
            pos = m.end()
            if group:
                owners += self._group(group, _verb_role(m.group("verb"), group), prefix)
        rest = s[pos:].strip(",，、")
        if rest:
            # 县卫健局（牵头）、县民政局: once a lead is named, an unmarked rest co-owns
            marked_lead = default in (None, "lead") and any(o.role == "lead" for o in owners)
            owners += self._group(rest, "co" if marked_lead else default, prefix)
        return owners

    def _group(self, group: str, role: str | None, prefix: _Prefix) -> list[Owner]:
        group = re.sub(r"^(?:由|请)", "", group)  # 由县卫健局牵头
        names = [n for n in split_items(group)
                 for n in ([n] if is_local_government(n) else self.directory.split_names(n))]
        return self._owners(names, role, prefix)

    def _owners(self, names: list[str], role: str | None, prefix: _Prefix) -> list[Owner]:
        owners = []
        for i, name in enumerate(n for n in names if n and not is_generic(n)):
            if is_local_government(name):
                owners.append(Owner(name=name, surface=name, role="lead" if role == "lead" else "territorial"))
                continue
            resolved = self.directory.resolve(name, inherited_prefix=prefix.value)
            if self.directory.has_prefix(name):
                prefix.value = resolved.prefix
            if role == _RESPONSIBLE:
                r: OwnerRole = "lead"
            elif role is None:  # an unmarked list: the first named leads
                r = "lead" if i == 0 else "co"
            else:
                r = role  # type: ignore[assignment]
            owners.append(Owner(name=resolved.name, surface=resolved.surface, role=r))
        return owners


def first_named_leads(owners: tuple[Owner, ...]) -> tuple[Owner, ...]:
    """排在第一位的为牵头单位: the first department named leads, the other departments co-own."""
    return tuple(Owner(name=o.name, surface=o.surface, role="lead" if i == 0 else "co")
                 if o.role != "territorial" else o for i, o in enumerate(owners))


def _duty_title(rest: str) -> str:
    """The first phrase that says what to do, past 按照本方案 / 会同有关部门 and the like."""
    phrases = [re.sub(r"^(?:要|将|把|积极|切实|进一步|及时)+", "", p) for p in re.split(r"[,，;；:：]", rest)]
    # 会同县卫健委建立联席会议制度: the duty is what follows the partner's name
    phrases = [re.sub(r"^(?:会同|联合|协同)[^,，]{2,20}?(?:局|委|厅|办|部门|单位|政府)(?=.{4})", "", p) for p in phrases]
    useful = [p for p in phrases if len(p) >= 4 and not re.match(r"^(?:按照|根据|依据|结合|会同|围绕|按)", p)]
    return (useful or phrases)[0][:40]


def _verb_role(verb: str, group: str) -> str | None:
    if verb.startswith("牵头") or verb == "负总责":
        return "lead"
    if verb.startswith(("按职责", "配合", "协同", "协助", "参与")):
        return "co"
    return _RESPONSIBLE  # 负责 / 落实 / 实施: a department leads, a local government is territorial
