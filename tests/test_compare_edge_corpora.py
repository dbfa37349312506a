"""The outlet-comparison views keep their columns when there is nothing to show.

(The notebook itself runs on the same corpora in tests/test_notebooks.py.)
"""

from __future__ import annotations

from edge_corpora import MAKERS, make


def test_views_on_edge_corpora(tmp_path):
    import helpers
    from helpers.compare.views import KWIC_COLUMNS, build_panel

    for name in MAKERS:
        panel = build_panel(helpers.load_corpus(make(name, tmp_path)))
        assert not panel.errors.outputs, panel.errors.outputs
        views = panel.outlet_views
        c = panel.corpus
        assert list(views.in_context(c, "")) == KWIC_COLUMNS
        for view in ("profiles", "wire_claims", "voices", "direct_quotes", "naming_choices"):
            assert isinstance(getattr(views, view)(c), type(views.pairs)), view
        assert {"a", "b", "share_a"} <= set(views.reuse(c, "outlet").columns)
        panel.value = {"query": "tidak ada kata seperti ini"}  # filters down to nothing
        assert not panel.errors.outputs, panel.errors.outputs
