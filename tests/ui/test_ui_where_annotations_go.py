"""The first screen of ``annotate`` says where annotations are saved when the user did not
choose the folder (the bundled sample's go to the user's data folder)."""

from __future__ import annotations

import asyncio

from annotator.store.paths import bundled_corpus
from annotator.ui.annotate.app import AnnotatorApp, make_app


def notices_at_start(app: AnnotatorApp) -> list[str]:
    """Every notification the app raises while it opens (recorded on the way to Textual)."""
    raised: list[str] = []
    notify = app.notify

    def recording(message: str, **options: object) -> None:
        raised.append(message)
        notify(message, **options)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()

    asyncio.run(run())
    return raised


def test_the_first_screen_names_the_user_data_folder_for_the_bundled_sample(user_data_home):
    journal = user_data_home / "annotator" / "annotations" / "amal.jsonl"
    raised = notices_at_start(make_app(annotator="amal", suggest=False))
    assert f"annotations are saved to {journal} (--annotations DIR to choose)" in raised
    assert journal.is_file()


def test_no_notice_when_the_caller_chose_the_folder(tmp_path):
    app = make_app(bundled_corpus(), annotator="amal", out=tmp_path, suggest=False)
    assert not [n for n in notices_at_start(app) if "annotations are saved" in n]
    assert (tmp_path / "amal.jsonl").is_file()
