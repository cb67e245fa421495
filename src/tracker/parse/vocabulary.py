"""Status vocabulary: map a status cell's text onto a canonical status, a date and flags."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from tracker.model.status import Status
from tracker.parse.mojibake import repair
from tracker.parse.patterns import lazy

WORDS: dict[Status, tuple[str, ...]] = {
    Status.DONE: ("done", "complete", "completed", "verified", "pass", "passed", "closed", "shipped",
                  "merged", "released", "fixed", "resolved"),
    Status.IN_PROGRESS: ("in progress", "wip", "partial", "running", "active", "started", "ongoing",
                         "in review", "review", "testing", "on track"),
    Status.BLOCKED: ("blocked", "stuck"),
    Status.PAUSED: ("paused", "on hold", "hold", "deferred"),
    Status.TODO: ("todo", "to do", "open", "new", "backlog", "queued", "pending", "not started", "ready",
                  "ready to start", "planned", "next", "optional"),
    Status.DROPPED: ("dropped", "cancelled", "canceled", "won't do", "wont do", "wontfix", "superseded",
                     "obsolete"),
}
# The common words of the six statuses in Portuguese, Spanish, French, German, Chinese, Japanese and Korean.
WORDS_INTL: dict[Status, tuple[str, ...]] = {
    Status.DONE: ("concluído", "concluido", "feito", "completo", "implementado", "finalizado", "hecho",
                  "completado", "terminado", "listo", "terminé", "terminée", "fait", "complété", "achevé",
                  "erledigt", "fertig", "abgeschlossen", "umgesetzt", "完成", "已完成", "已实现", "完了", "済み",
                  "実装済み", "완료", "완료됨"),
    Status.IN_PROGRESS: ("em andamento", "em progresso", "em curso", "en progreso", "en curso", "en proceso",
                         "en cours", "in arbeit", "in bearbeitung", "läuft", "进行中", "开发中", "進行中",
                         "作業中", "対応中", "진행 중", "진행중"),
    Status.BLOCKED: ("bloqueado", "bloqué", "bloquée", "blockiert", "阻塞", "受阻", "被阻塞", "ブロック",
                     "ブロック中", "차단", "차단됨", "막힘"),
    Status.PAUSED: ("pausado", "em espera", "en pausa", "en pause", "suspendu", "pausiert", "zurückgestellt",
                    "暂停", "搁置", "保留", "一時停止", "보류", "일시 중지"),
    Status.TODO: ("pendente", "a fazer", "não iniciado", "planejado", "pendiente", "por hacer", "no iniciado",
                  "planificado", "à faire", "a faire", "en attente", "prévu", "non commencé", "offen", "geplant",
                  "ausstehend", "nicht begonnen", "待办", "未开始", "计划中", "待处理", "未着手", "未対応", "予定",
                  "할 일", "예정", "대기", "미착수"),
    Status.DROPPED: ("cancelado", "descartado", "annulé", "abandonné", "abgebrochen", "verworfen", "gestrichen",
                     "已取消", "取消", "放弃", "中止", "キャンセル", "취소", "중단"),
}
EMOJI: dict[str, Status] = {
    "✅": Status.DONE, "✔": Status.DONE, "☑": Status.DONE,
    "🔄": Status.IN_PROGRESS, "🏃": Status.IN_PROGRESS, "🚧": Status.IN_PROGRESS,
    "⛔": Status.BLOCKED, "🛑": Status.BLOCKED, "🚫": Status.BLOCKED,
    "⏸": Status.PAUSED,
    "⏳": Status.TODO, "⬜": Status.TODO, "🔜": Status.TODO,
}
CHECKBOX = {"[x]": Status.DONE, "[X]": Status.DONE, "[ ]": Status.TODO, "[~]": Status.IN_PROGRESS}

_MARKUP = re.compile(r"\*\*|__|`|~~")
_LINK = lazy(r"!?\[([^\]]*)\]\([^)]*\)")
_WORD_JOIN = lazy(r"(?<=\w)[-_](?=\w)")
_SPACES = re.compile(r"\s+")
_DATE = lazy(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Emoji and their modifiers (variation selectors, ZWJ, skin tones) set aside before words.
_EMOJI_CHAR = lazy("[\u2190-\u2bff\u2600-\u27bf\U0001f000-\U0001faff\ufe0e\ufe0f\u200d\u20e3]")
_LEADING_NOISE = lazy(
    "^(?:[\\s\u2190-\u2bff\u2600-\u27bf\U0001f000-\U0001faff\ufe0e\ufe0f\u200d\u20e3]|\\[[ xX~]\\])+"
)


@dataclass(frozen=True)
class Reading:
    """What a status cell says."""

    status: Status | None
    date: dt.date | None = None
    optional: bool = False
    mojibake: bool = False


_MARKUP_CHARS = frozenset("*_`~[")


def strip_markup(text: str) -> str:
    if _MARKUP_CHARS.isdisjoint(text):  # most cells: skip both regex passes
        return text.strip()
    if "[" in text:
        text = _LINK().sub(r"\1", text)
    return _MARKUP.sub("", text).strip()


def strip_markup_cells(texts: list[str], line: str) -> list[str]:
    """strip_markup of each cell of a table `line`: one look at the whole line skips it for most rows."""
    plain = _MARKUP_CHARS.isdisjoint
    if plain(line):
        return [text.strip() for text in texts]
    return [text.strip() if plain(text) else strip_markup(text) for text in texts]


class Vocabulary:
    """The built-in words plus the ones tracker.yaml adds."""

    def __init__(self, extra: dict[str, list[str]] | None = None):
        words: dict[str, Status] = {}
        emoji = dict(EMOJI)
        for table in (WORDS, WORDS_INTL):
            for status, phrases in table.items():
                for phrase in phrases:
                    words[_fold(phrase)] = status
        for name, extra_phrases in (extra or {}).items():
            status = Status(name)
            for phrase in extra_phrases:
                if _EMOJI_CHAR().search(phrase) and not re.search(r"\w", phrase):
                    emoji[phrase.replace("\ufe0f", "")] = status
                else:
                    words[_fold(phrase)] = status
        self.words = words
        self.emoji = emoji
        self.read = lru_cache(maxsize=4096)(self._read)

    @cached_property
    def phrase(self) -> re.Pattern[str]:
        """Every phrase, longest first, where a status word ends; compiled on the first cell read (~1 ms)."""
        longest_first = sorted(self.words, key=len, reverse=True)
        return re.compile(
            "(" + "|".join(re.escape(p) for p in longest_first) + r")(?=$|\s*[(,:;.!—–\[]|\s+-(\s|$)|\s+[^\w\s/&])"
        )

    def _read(self, cell: str) -> Reading:
        text = strip_markup(cell)
        mojibake = False
        if not text.isascii():
            repaired, count, _codec = repair(text)
            if count:
                text, mojibake = repaired, True
        date = None
        found = _DATE().search(text)
        if found:
            try:
                date = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                date = None
        lead = _LEADING_NOISE().match(text)
        rest = text[lead.end():] if lead else text
        folded = _fold(rest)
        match = self.phrase.match(folded)
        if match:
            phrase = match.group(1)
            return Reading(self.words[phrase], date, phrase == "optional", mojibake)
        marks = {status for char, status in self.emoji.items() if char in text}
        for box, status in CHECKBOX.items():
            if lead and box in lead.group(0):
                marks.add(status)
        if len(marks) == 1:
            # Words outside the vocabulary beside one status emoji: the emoji decides
            # (`✅ Implementado`, `✅ Validated`).
            return Reading(marks.pop(), date, False, mojibake)
        return Reading(None, date, False, mojibake)

    def recognizes(self, cell: str) -> bool:
        return self.read(cell).status is not None


def _fold(text: str) -> str:
    return _SPACES.sub(" ", _WORD_JOIN().sub(" ", text.lower().replace("’", "'"))).strip()


DEFAULT = Vocabulary()
