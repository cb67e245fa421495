"""The status vocabulary: words, emoji, boundaries, dates, mojibake and configured extras."""

import datetime as dt

import pytest

from tracker.model import Status
from tracker.parse.vocabulary import DEFAULT, Vocabulary


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("done", Status.DONE),
        ("DONE", Status.DONE),
        ("**Completed**", Status.DONE),
        ("`in_progress`", Status.IN_PROGRESS),
        ("In-Progress", Status.IN_PROGRESS),
        ("In Progress, 10% Complete", Status.IN_PROGRESS),
        ("✅ Complete — see notes", Status.DONE),
        ("Done - shipped Friday", Status.DONE),
        ("blocked: vendor", Status.BLOCKED),
        ("On Hold", Status.PAUSED),
        ("⏸", Status.PAUSED),
        ("⏸️", Status.PAUSED),
        ("⏸️ Ready", Status.TODO),  # a word decides over an emoji
        ("Ready to start", Status.TODO),
        ("Won't do", Status.DROPPED),
        ("superseded", Status.DROPPED),
        ("🚧", Status.IN_PROGRESS),
        ("[x]", Status.DONE),
        ("[ ]", Status.TODO),
        ("[~]", Status.IN_PROGRESS),
        ("[Merged](https://example.invalid/pr/1)", Status.DONE),
    ],
)
def test_recognised(cell, status):
    assert DEFAULT.read(cell).status is status


@pytest.mark.parametrize(
    "cell",
    ["", "Session State", "**CANONICAL**", "gpu-01 ✅ / peers ⛔", "✅ 🔄", "Ready for review soon",
     "Pending/Blocked", "donezo", "⚠️ Dual", "🟢"],
)
def test_unrecognised_is_never_guessed(cell):
    assert DEFAULT.read(cell).status is None


def test_date_in_status_cell():
    reading = DEFAULT.read("✅ COMPLETE (2025-12-28)")
    assert reading.status is Status.DONE
    assert reading.date == dt.date(2025, 12, 28)


def test_optional_is_todo_with_flag():
    reading = DEFAULT.read("OPTIONAL")
    assert (reading.status, reading.optional) == (Status.TODO, True)


@pytest.mark.parametrize(
    ("cell", "status"),
    [("‚úÖ Complete", Status.DONE), ("\uf8ffüèÉ Running", Status.IN_PROGRESS), ("‚è∏Ô∏è Pending", Status.TODO),
     ("âœ… done", Status.DONE), ("â\u009d\u008c", None)],
)
def test_mojibake_statuses(cell, status):
    reading = DEFAULT.read(cell)
    assert reading.status is status
    if status is not None:
        assert reading.mojibake


def test_configured_words_and_colour_circles():
    vocab = Vocabulary({"done": ["landed", "🟢"], "blocked": ["🔴"]})
    assert vocab.read("Landed").status is Status.DONE
    assert vocab.read("🟢").status is Status.DONE
    assert vocab.read("🔴").status is Status.BLOCKED
    assert DEFAULT.read("🟢").status is None


def test_unknown_configured_status_is_rejected():
    with pytest.raises(ValueError):
        Vocabulary({"finished": ["x"]})


@pytest.mark.parametrize(("cell", "status"), [
    ("Concluído", "done"), ("Em andamento", "in_progress"), ("Bloqueado", "blocked"), ("Pendiente", "todo"),
    ("En cours", "in_progress"), ("Annulé", "dropped"), ("Erledigt", "done"), ("In Arbeit", "in_progress"),
    ("Pausiert", "paused"), ("完成", "done"), ("进行中", "in_progress"), ("完了", "done"), ("未着手", "todo"),
    ("완료", "done"), ("진행 중", "in_progress"), ("보류", "paused"), ("취소", "dropped"),
])
def test_words_in_seven_languages(cell, status):
    assert DEFAULT.read(cell).status.value == status


@pytest.mark.parametrize(("cell", "status"), [
    ("✅ Implementado", "done"), ("✅ Validated", "done"), ("🚧 Wiring the hooks", "in_progress"),
    ("⛔ Aguardando fornecedor", "blocked"),
])
def test_an_emoji_decides_beside_unknown_words(cell, status):
    assert DEFAULT.read(cell).status.value == status


def test_two_different_emoji_with_unknown_words_stay_unknown():
    assert DEFAULT.read("✅ mostly 🚧 partly").status is None


def test_legend_table_is_not_items():
    from tracker.parse.markdown import parse_markdown

    legend = "| Symbol | Status | Meaning |\n|---|---|---|\n| ✅ | Done | Shipped |\n| 🚧 | In progress | Being built |\n"
    doc = parse_markdown(legend, "legend.md")
    assert doc.items == () and any("legend" in n.message for n in doc.warnings)
