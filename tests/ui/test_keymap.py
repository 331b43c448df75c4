"""A keymap file: what it remaps is what the help, the palette and the keys do; a key it
would give twice, or that is not a key, is refused with the file and line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest
from textual.command import CommandList

from annotator.annotations.labels import Label, LabelSet, default_labels
from annotator.problems import UserError
from annotator.ui.annotate.app import make_app, remappable
from annotator.ui.shared.keymap import check_label_keys, find_clash, load_keymap

SIZE = (100, 30)
POLLS, POLL_SECONDS = 500, 0.01


def frozen_clock() -> float:
    return 0.0


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_document(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("قال نتنياهو إن إسرائيل شنت 50 غارة.", encoding="utf-8")
    (folder / "b.txt").write_text("في البوكمال.", encoding="utf-8")
    return folder


def refusal(tmp_path: Path, keys: str, labels: LabelSet | None = None) -> str:
    path = write(tmp_path, "keys.toml", keys)
    with pytest.raises(UserError) as refused:
        load_keymap(path, remappable(labels or default_labels()))
    return str(refused.value)


def test_the_declared_keys_share_no_key():
    assert find_clash(remappable(default_labels()), {}) is None


def test_a_key_already_quitting_is_refused_with_file_and_line(tmp_path):
    message = refusal(tmp_path, '[keys]\n\n"annotate.accept" = "q"\n')
    assert "keys.toml line 3: 'annotate.accept' = 'q'" in message
    assert "'Quit' (app.quit)" in message


def test_one_key_for_two_actions_blames_the_later_entry(tmp_path):
    message = refusal(
        tmp_path, '[keys]\n"annotate.accept" = "ctrl+a"\n"annotate.reject" = "ctrl+a"\n'
    )
    assert "keys.toml line 3: 'annotate.reject' = 'ctrl+a'" in message
    assert "(annotate.accept)" in message


def test_an_action_given_a_label_key_is_refused(tmp_path):
    message = refusal(tmp_path, '[keys]\nannotate.flag = "1"\n')  # a dotted id, unquoted
    assert "keys.toml line 2: 'annotate.flag' = '1'" in message
    assert "'Label ACTOR' (label.ACTOR)" in message


def test_something_that_is_not_a_key_is_refused(tmp_path):
    message = refusal(tmp_path, '[keys]\n"annotate.flag" = "not a key!!"\n')
    assert "keys.toml line 2: 'not a key!!' is not a key" in message


def test_keys_move_out_of_each_others_way_in_one_file(tmp_path):
    path = write(tmp_path, "keys.toml", '[keys]\n"app.quit" = "ctrl+q"\n"annotate.accept" = "q"\n')
    assert load_keymap(path, remappable(default_labels())) == {
        "app.quit": "ctrl+q",
        "annotate.accept": "q",
    }


def test_a_label_key_taken_by_an_action_names_the_labels_file_line(tmp_path):
    labels = write(
        tmp_path,
        "labels.toml",
        '[[label]]\nname = "PLACE"\nkey = "a"\ncolor = "#61afef"\n',
    )
    label_set = LabelSet([Label("PLACE", "a", "#61afef")])
    with pytest.raises(UserError) as refused:
        check_label_keys(remappable(label_set), {}, labels)
    assert "labels.toml line 3: label PLACE: key 'a'" in str(refused.value)
    # Moving the action out of the way with a keymap lets the label have the key.
    check_label_keys(remappable(label_set), {"annotate.accept": "ctrl+a"}, labels)


def test_a_remapped_key_is_shown_by_help_and_palette_and_the_old_key_does_nothing(tmp_path):
    keymap = write(tmp_path, "keys.toml", '[keys]\n"annotate.accept" = "ctrl+a"\n')
    out = tmp_path / "ann"
    app = make_app(one_document(tmp_path), annotator="tester", keymap=keymap,
                   clock=frozen_clock, out=out, suggest=False)  # fmt: skip

    async def scenario() -> tuple[set[str], list[str]]:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("a")  # no longer accept: nothing is written
            await pilot.pause()
            assert not (out / "tester.jsonl").exists() or not (out / "tester.jsonl").read_bytes()
            await pilot.press("question_mark")
            await pilot.pause()
            text = "\n".join(str(w.render()) for w in app.screen.query(".help-keys"))
            help_rows = {" ".join(line.split()) for line in text.splitlines()}
            await pilot.press("escape", "ctrl+p", *"Accept (done)")
            hits = app.screen.query_one(CommandList)
            shown: list[str] = []
            for _ in range(POLLS):  # the palette fills in as its search runs
                shown = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
                if any(row.startswith("Accept (done)") for row in shown):
                    break
                await pilot.pause(POLL_SECONDS)
            await pilot.press("escape")
            await pilot.press("ctrl+a")
            await pilot.pause()
            return help_rows, shown

    help_rows, shown = asyncio.run(scenario())
    assert "^a Accept (done) and go to the next (annotate.accept)" in help_rows
    assert not any(row.startswith("a Accept (done)") for row in help_rows)
    assert "Accept (done) and go to the next\n^a" in shown
    (line,) = (out / "tester.jsonl").read_bytes().splitlines()
    assert orjson.loads(line)["status"] == "accepted"
