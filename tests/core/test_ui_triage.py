"""safelog.services.ui_triage: untriaged concerns a page at a time, oldest first."""

from __future__ import annotations

from safelog.services.children import import_pupils, list_children
from safelog.services.concerns import log_concern
from safelog.services.dashboard import untriaged
from safelog.services.responses import concern_event
from safelog.services.session import Session
from safelog.services.ui_triage import count_untriaged, untriaged_page
from tests.core.helpers import draft, pupil


def test_pages_cover_every_untriaged_concern_once_in_order(session: Session) -> None:
    import_pupils(session, [pupil(1, "Amara", "Okafor"), pupil(2, "Łukasz", "Nowak")])
    kids = [c.child_id for c in list_children(session, audit=False)]
    ids = [log_concern(session, draft(kids[n % 2], f"Fictional fact {n}.")) for n in range(7)]
    concern_event(session, ids[2], "triaged")
    concern_event(session, ids[5], "closed", "Fictional reason for closing.")
    waiting = [i for i in ids if i not in (ids[2], ids[5])]

    assert count_untriaged(session) == len(waiting)
    seen = []
    for offset in range(0, 10, 2):
        seen += [c.concern_id for c in untriaged_page(session, offset=offset, limit=2)]
    assert seen == waiting
    first = untriaged_page(session, offset=0, limit=1)[0]
    assert first.child_name in ("Amara Okafor", "Łukasz Nowak")
    assert first.facts == "Fictional fact 0."
    # Same rows as the dashboard's first page.
    assert [c.concern_id for c in untriaged(session, limit=50)[0]] == waiting
