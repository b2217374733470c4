"""Saved HTML pages: the main text is extracted with trafilatura (it finds an article's body in
a page full of menus better than rules of ours would), then cleaned by the same Korean rules as
a text copy. Title, date, URL and site name from the page's metadata are kept as hints."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    sitename: str = ""
    byline: str = ""          # "김나래 기자 narae@…" rebuilt from the author metadata


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
        byline=_byline(str(data.get("author") or ""), html),
    )


def _byline(author: str, html: str) -> str:
    """trafilatura keeps the author in the metadata, not the text: rebuild a byline line from it,
    with the e-mail printed next to the name in the page if there is one."""
    match = re.search(r"([가-힣]{2,4})\s*(?:기자|특파원)?", author)
    if not match:
        return ""
    name = match.group(1)
    email = re.search(re.escape(name) + r"[^<@]{0,40}?([A-Za-z0-9][\w.+-]*@[\w-]+(?:\.[\w-]+)+)", html)
    return f"{name} 기자" + (f" {email.group(1)}" if email else "")
