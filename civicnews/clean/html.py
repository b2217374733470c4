"""Saved HTML pages: the main text is extracted with trafilatura (it finds an article's body in
a page full of menus better than rules of ours would), then cleaned by the same Korean rules as
a text copy. Title, date, URL and site name from the page's metadata are kept as hints."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    sitename: str = ""


def extract(html: str) -> Extracted:
    import trafilatura     # imported here: text copies never pay for loading it
    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                           include_images=False, favor_precision=True, with_metadata=True)
    if document is None:
        return Extracted()
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return Extracted(
        text=str(data.get("text") or ""),
        title=str(data.get("title") or "").strip(),
        date=str(data.get("date") or ""),
        url=str(data.get("url") or ""),
        sitename=str(data.get("sitename") or ""),
    )
