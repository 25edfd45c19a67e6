"""Properties: any edit of a clean document reviews without raising, scores stay in 0–100."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.review import review
from jixiao.core.targets import parse_target

texts = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["≥100", "1", "≥120%", "年底实际情况", "满意度", "", "产出指标"]),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.integers(0, 4),
            st.sampled_from(["level1", "level2", "name", "description", "target", "basis"]),
            texts,
        ),
        max_size=8,
    )
)
def test_review_never_raises_and_scores_stay_in_range(clean_document_factory, edits) -> None:
    doc = clean_document_factory(3)
    for p, n, field, value in edits:
        ind = doc.projects[p].indicators[n]
        if field == "target":
            ind.target = parse_target(value)
        else:
            setattr(ind, field, value)
    report = review(doc)
    assert 0 <= report.score <= 100
    assert all(0 <= s.score <= 100 for s in report.projects)
    assert all(f.message and f.suggestion for f in report.findings)
    if not edits:
        assert report.findings == []
